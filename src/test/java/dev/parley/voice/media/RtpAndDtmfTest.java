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

    private static final long MS = 1_000_000L;

    @Test
    void the_jitter_buffer_reorders_counts_loss_and_grows_when_a_packet_comes_too_late() {
        JitterBuffer buffer = new JitterBuffer(2);
        buffer.put(101, new byte[] {1}, 0);
        assertThat(buffer.take(5 * MS)).as("waits for two frames").isNull();
        buffer.put(100, new byte[] {0}, 10 * MS); // arrived out of order, before playout
        assertThat(buffer.take(25 * MS)).containsExactly(0);
        buffer.put(103, new byte[] {3}, 30 * MS);
        assertThat(buffer.take(45 * MS)).containsExactly(1);
        assertThat(buffer.take(65 * MS)).as("102 is not there at its tick").isNull();
        assertThat(buffer.lost()).isEqualTo(1);
        buffer.put(102, new byte[] {2}, 70 * MS); // after its tick: too late
        assertThat(buffer.late()).isEqualTo(1);
        assertThat(buffer.depth()).as("a late packet: one frame more").isEqualTo(3);
        assertThat(buffer.take(85 * MS))
                .as("held back a tick, so later packets are in time")
                .isNull();
        assertThat(buffer.lost()).isEqualTo(2);
        buffer.put(104, new byte[] {4}, 90 * MS);
        assertThat(buffer.take(105 * MS)).containsExactly(3);
        assertThat(buffer.take(125 * MS)).containsExactly(4);
        assertThat(buffer.received()).isEqualTo(5);
        assertThat(buffer.taken()).isEqualTo(4);
        assertThat(buffer.waitedNanos()).isEqualTo((15 + 45 + 75 + 35) * MS);
    }

    @Test
    void the_jitter_buffer_follows_sequence_numbers_across_the_wrap() {
        JitterBuffer buffer = new JitterBuffer(1);
        List<Integer> played = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            int sequence = (65530 + i) & 0xFFFF;
            buffer.put(sequence, new byte[] {(byte) i}, i * 20 * MS);
            byte[] frame = buffer.take(i * 20 * MS + 5 * MS);
            played.add(frame == null ? -1 : (int) frame[0]);
        }
        assertThat(played).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(buffer.lost()).isZero();
    }

    @Test
    void the_jitter_buffer_sheds_surplus_delay_a_frame_at_a_time_down_to_what_the_network_needs() {
        // Packets every 20 ms, each 0 to 9 ms late, ticks 15 ms after a packet's earliest time: at a
        // depth of 4 every frame waits 66 to 75 ms. After five seconds of that, the three whole frames
        // of surplus go at once and frames wait 6 to 15 ms: depth 1, nothing lost.
        JitterBuffer buffer = new JitterBuffer(4);
        List<Integer> played = new ArrayList<>();
        int droppedAt = -1;
        for (int tick = 0; tick < 1_000; tick++) {
            buffer.put(tick, new byte[] {(byte) tick}, tick * 20 * MS + (tick * 7 % 10) * MS);
            byte[] frame = buffer.take(tick * 20 * MS + 15 * MS);
            if (frame != null) {
                played.add(frame[0] & 0xFF);
            }
            if (droppedAt < 0 && buffer.dropped() > 0) {
                droppedAt = tick;
            }
        }
        assertThat(buffer.depth()).isEqualTo(1);
        assertThat(buffer.dropped()).isEqualTo(3);
        assertThat(buffer.lost()).isZero();
        assertThat(buffer.late()).isZero();
        assertThat(droppedAt).as("five seconds of playout first").isGreaterThanOrEqualTo(JitterBuffer.SHRINK_AFTER);
        List<Integer> steps = new ArrayList<>();
        for (int i = 1; i < played.size(); i++) {
            steps.add((played.get(i) - played.get(i - 1)) & 0xFF);
        }
        assertThat(steps).as("frames play in order, three skipped once").containsOnly(1, 4);
        assertThat(steps).filteredOn(step -> step == 4).hasSize(1);
        long waitedAfter = buffer.waitedNanos();
        long takenAfter = buffer.taken();
        for (int tick = 1_000; tick < 1_050; tick++) {
            buffer.put(tick, new byte[] {1}, tick * 20 * MS + (tick * 7 % 10) * MS);
            buffer.take(tick * 20 * MS + 15 * MS);
        }
        assertThat((buffer.waitedNanos() - waitedAfter) / (buffer.taken() - takenAfter))
                .as("the average wait now")
                .isBetween(6 * MS, 15 * MS);
    }

    @Test
    void the_jitter_buffer_starts_playout_with_its_depth_and_drops_what_gathered_beyond() {
        // A leg's media flowed for 600 ms before the leg joined a mix: 30 frames wait at its first tick.
        JitterBuffer buffer = new JitterBuffer(2);
        for (int sequence = 0; sequence < 30; sequence++) {
            buffer.put(sequence, new byte[] {(byte) sequence}, sequence * 20 * MS);
        }
        assertThat(buffer.take(600 * MS)).containsExactly(28);
        assertThat(buffer.dropped()).isEqualTo(28);
        buffer.put(30, new byte[] {30}, 600 * MS);
        assertThat(buffer.take(620 * MS)).containsExactly(29);
        assertThat(buffer.take(640 * MS)).containsExactly(30);
        assertThat(buffer.lost()).isZero();
    }

    @Test
    void the_jitter_buffer_keeps_its_depth_while_any_frame_waits_under_a_frame() {
        // Every 50th packet comes 30 ms late: at depth 3 the shortest wait stays under a frame.
        JitterBuffer buffer = new JitterBuffer(3);
        for (int tick = 0; tick < 1_500; tick++) {
            long late = tick % 50 == 0 ? 30 * MS : 0;
            buffer.put(tick, new byte[] {1}, tick * 20 * MS + late);
            buffer.take(tick * 20 * MS + 5 * MS);
        }
        assertThat(buffer.depth()).isEqualTo(3);
        assertThat(buffer.dropped()).isZero();
        assertThat(buffer.lost()).isZero();
    }
}
