package dev.parley.voice.media;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.domain.CallQuality;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** RFC 3550's reception figures: loss from sequence numbers (across a wrap), jitter, the report block. */
class ReceptionStatsTest {
    @Test
    void loss_across_a_sequence_wrap_and_the_report_block() {
        ReceptionStats stats = new ReceptionStats(8_000);
        long now = 0;
        int sequence = 65_530;
        for (int i = 0; i < 20; i++, sequence = (sequence + 1) & 0xFFFF) {
            now += 20_000_000L;
            if (i == 8 || i == 9) {
                continue; // two lost in a row: a burst
            }
            stats.received(0x1234, sequence, i * 160L, now);
        }
        CallQuality quality = stats.quality();
        assertThat(quality.packets()).isEqualTo(18);
        assertThat(quality.lost()).isEqualTo(2);
        assertThat(quality.lossPercent()).isEqualTo(10.0);
        assertThat(quality.burstRate()).isEqualTo(1.0);
        // arrival times are the test's own numbers, not the clock's: perfectly paced means no jitter
        assertThat(quality.jitterMaxMs())
                .as("perfectly paced")
                .isCloseTo(0.0, org.assertj.core.data.Offset.offset(1e-9));
        ByteBuffer block = ByteBuffer.wrap(stats.reportBlock(now));
        assertThat(block.getInt()).isEqualTo(0x1234);
        int lost = block.getInt();
        assertThat(lost >>> 24).as("fraction lost, of 256").isEqualTo(25);
        assertThat(lost & 0xFFFFFF).as("cumulative").isEqualTo(2);
        assertThat(block.getInt()).as("extended highest sequence: wrapped once").isEqualTo(0x10000 + 13);
        assertThat(block.getInt()).as("jitter").isZero();
        assertThat(block.getInt()).as("no sender report yet: LSR").isZero();
        ByteBuffer next = ByteBuffer.wrap(stats.reportBlock(now));
        next.getInt();
        assertThat(next.getInt() >>> 24).as("nothing lost since the last block").isZero();
    }

    @Test
    void a_sender_report_gives_lsr_and_the_delay_since() {
        ReceptionStats stats = new ReceptionStats(8_000);
        stats.received(7, 100, 0, 0);
        stats.senderReport(0x0000_1234_5678_0000L, 1_000_000_000L);
        ByteBuffer block = ByteBuffer.wrap(stats.reportBlock(1_500_000_000L));
        block.position(16);
        assertThat(block.getInt()).as("LSR: the middle 32 bits").isEqualTo(0x1234_5678);
        assertThat(block.getInt()).as("DLSR: 0.5 s in 1/65536 s").isEqualTo(32_768);
    }
}
