package dev.parley.voice.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RTP framing, RFC 4733 events and the DTMF receiver, in the shapes sipp and baresip send. */
class RtpAndDtmfTest {
    @Test
    void a_packet_round_trips_and_csrcs_extensions_and_padding_are_skipped() {
        RtpPacket packet = new RtpPacket(true, 8, 65535, 0xFFFFFFF0L, 0xCAFEBABEL, new byte[] {1, 2, 3});
        byte[] bytes = packet.encode();
        RtpPacket read = RtpPacket.parse(bytes, bytes.length).orElseThrow();
        assertThat(read.marker()).isTrue();
        assertThat(read.payloadType()).isEqualTo(8);
        assertThat(read.sequence()).isEqualTo(65535);
        assertThat(read.timestamp()).isEqualTo(0xFFFFFFF0L);
        assertThat(read.ssrc()).isEqualTo(0xCAFEBABEL);
        assertThat(read.payload()).containsExactly(1, 2, 3);

        byte[] fancy = {
            (byte) 0xB1,
            0,
            0,
            1,
            0,
            0,
            0,
            2,
            0,
            0,
            0,
            3, // V=2, padding, extension, 1 CSRC
            0,
            0,
            0,
            9, // CSRC
            0x10,
            0x00,
            0,
            1,
            7,
            7,
            7,
            7, // extension header, one word
            42,
            43,
            0,
            2 // payload 42 43, then 2 bytes of padding
        };
        assertThat(RtpPacket.parse(fancy, fancy.length).orElseThrow().payload()).containsExactly(42, 43);
        assertThat(RtpPacket.parse(new byte[] {0x40, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, 12))
                .isEmpty();
        assertThat(RtpPacket.parse(new byte[5], 5)).isEmpty();
        assertThat(RtpPacket.sequenceDistance(65535, 1)).isEqualTo(2);
    }

    @Test
    void a_key_press_of_many_packets_is_one_digit_even_without_its_end_packets() {
        DtmfReceiver receiver = new DtmfReceiver();
        List<Character> keys = new ArrayList<>();
        int sequence = 0;
        for (char key : "5#5".toCharArray()) {
            long timestamp = 160L * sequence;
            int event = TelephoneEvent.eventOf(key).orElseThrow();
            for (int i = 0; i < 6; i++) {
                boolean end = i >= 3;
                byte[] payload = new TelephoneEvent(event, end, 10, 160 * (i + 1)).encode();
                receiver.received(new RtpPacket(i == 0, 101, sequence++, timestamp, 1, payload))
                        .ifPresent(keys::add);
            }
        }
        assertThat(keys).containsExactly('5', '#', '5');
        TelephoneEvent read = TelephoneEvent.parse(new TelephoneEvent(11, true, 10, 800).encode())
                .orElseThrow();
        assertThat(read).isEqualTo(new TelephoneEvent(11, true, 10, 800));
        assertThat(read.key()).contains('#');
        assertThat(TelephoneEvent.eventOf('x')).isEmpty();
    }

    @Test
    void the_jitter_buffer_reorders_counts_loss_and_drops_what_comes_too_late() {
        JitterBuffer buffer = new JitterBuffer(2);
        buffer.put(101, new byte[] {1});
        assertThat(buffer.take()).as("waits for two frames").isNull();
        buffer.put(100, new byte[] {0}); // arrived out of order, before playout
        assertThat(buffer.take()).containsExactly(0);
        buffer.put(103, new byte[] {3});
        assertThat(buffer.take()).containsExactly(1);
        assertThat(buffer.take()).as("102 never came").isNull();
        buffer.put(102, new byte[] {2}); // after its tick: too late
        assertThat(buffer.take()).containsExactly(3);
        assertThat(buffer.lost()).isEqualTo(1);
        assertThat(buffer.late()).isEqualTo(1);
        assertThat(buffer.received()).isEqualTo(4);
    }

    @Test
    void the_jitter_buffer_follows_sequence_numbers_across_the_wrap() {
        JitterBuffer buffer = new JitterBuffer(1);
        List<Integer> played = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            int sequence = (65530 + i) & 0xFFFF;
            buffer.put(sequence, new byte[] {(byte) i});
            byte[] frame = buffer.take();
            played.add(frame == null ? -1 : (int) frame[0]);
        }
        assertThat(played).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(buffer.lost()).isZero();
    }
}
