package dev.parley.voice.calls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.fixtures.VoiceApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a crash leaves in the recording spool: a file nobody has written to for ten minutes is an
 * unfinished recording of a run that is gone, and goes when a node starts; a file still growing (a
 * node sharing the data directory records into it) stays.
 */
class RecordingSpoolTest {
    @Test
    void a_starting_node_removes_stale_unfinished_recordings_and_keeps_growing_ones() throws Exception {
        try (VoiceApp app = VoiceApp.start(Map.of(), "[]")) {
            Path spool = app.server.dataDir().resolve("spool");
            Path stale = Files.write(spool.resolve("crashed.wav"), new byte[44]);
            Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minusSeconds(3_600)));
            Path growing = Files.write(spool.resolve("recording-elsewhere.wav"), new byte[44]);

            app.server.restart();

            assertThat(stale).doesNotExist();
            assertThat(growing).exists();
        }
    }
}
