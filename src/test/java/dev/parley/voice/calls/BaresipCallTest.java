package dev.parley.voice.calls;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.fixtures.Audio;
import dev.parley.fixtures.Baresip;
import dev.parley.fixtures.Eventually;
import dev.parley.fixtures.VoiceApp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two baresip softphones call into one conversation through Parley, each sending its own tone as its
 * microphone and recording what it hears: each hears the other's tone, and neither hears its own back.
 */
class BaresipCallTest {
    private static VoiceApp app;

    @BeforeAll
    static void start() throws Exception {
        app = VoiceApp.start(Map.of(), "[{\"action\":\"conversation\",\"name\":\"baresip-room\"}]");
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void two_softphones_hear_each_others_tone_and_not_their_own() throws Exception {
        String uri = "sip:room@127.0.0.1:" + app.server.sipPort();
        Baresip high = Baresip.call(uri, Audio.toneWav(1_000, 20, 8_000), 8);
        Baresip low = Baresip.call(uri, Audio.toneWav(440, 20, 8_000), 8);
        high.finish();
        low.finish();

        short[] lowHeard = low.heard();
        assertThat(lowHeard.length)
                .as("what the 440 Hz phone recorded\n" + low.log())
                .isGreaterThan(8_000);
        assertThat(Audio.power(lowHeard, 1_000))
                .as("the 440 Hz phone hears the 1 kHz tone, and not its own\n" + low.log() + "\n--- the other ---\n"
                        + high.log())
                .isGreaterThan(100 * Audio.power(lowHeard, 440));
        short[] highHeard = high.heard();
        assertThat(highHeard.length)
                .as("what the 1 kHz phone recorded\n" + high.log())
                .isGreaterThan(8_000);
        assertThat(Audio.power(highHeard, 440))
                .as("the 1 kHz phone hears the 440 Hz tone, and not its own\n" + high.log() + "\n--- the other ---\n"
                        + low.log())
                .isGreaterThan(100 * Audio.power(highHeard, 1_000));

        // both hung up with BYE when they quit: two legs in the room, both completed
        JsonNode calls = Eventually.get(
                () -> {
                    JsonNode page =
                            app.server.admin().get("/v1/calls?status=completed").json();
                    // count and page are two statements: on PostgreSQL (read committed) a leg that
                    // completes between them is counted and not listed, so wait for both
                    return page.path("count").asInt() == 2
                                    && page.path("_embedded").path("calls").size() == 2
                            ? page
                            : null;
                },
                Duration.ofSeconds(10));
        assertThat(calls.path("_embedded").path("calls").findValuesAsText("direction"))
                .containsExactly("inbound", "inbound");

        // each phone's tone was heard as speech: audio:speaking:on, then off, from its member
        String room = calls.path("_embedded")
                .path("calls")
                .get(0)
                .path("conversation_uuid")
                .asText();
        List<String> speaking = new ArrayList<>();
        for (JsonNode e : app.server
                .admin()
                .get("/v1/conversations/" + room + "/events?page_size=100")
                .json()
                .path("_embedded")) {
            if (e.path("type").asText().startsWith("audio:speaking")) {
                speaking.add(e.path("type").asText() + " " + e.path("from").asText());
            }
        }
        assertThat(speaking.stream().filter(x -> x.startsWith("audio:speaking:on MEM-")))
                .hasSizeGreaterThanOrEqualTo(2);
        assertThat(speaking.stream().filter(x -> x.startsWith("audio:speaking:off MEM-")))
                .hasSizeGreaterThanOrEqualTo(2);
    }
}
