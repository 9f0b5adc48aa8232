package dev.parley.voice.calls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.fixtures.Sipp;
import dev.parley.fixtures.UdpRelay;
import dev.parley.fixtures.VoiceApp;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Calls through a network that loses one chosen datagram (a UDP relay between sipp and Parley): Parley's
 * first BYE, its first 200 OK, the caller's first ACK, the caller's first BYE. Each call still ends
 * cleanly, once: sipp's scenario completes, and the application's event URL hears started, ringing,
 * answered and completed, in order, one each.
 */
class LossyNetworkCallTest {
    private static VoiceApp app;

    @BeforeAll
    static void start() throws Exception {
        app = VoiceApp.start(Map.of(), "[{\"action\":\"conversation\",\"name\":\"lossy\"}]");
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    private void callThrough(UdpRelay.Loss loss, String scenario, String lostLine) throws Exception {
        try (UdpRelay relay = UdpRelay.to(app.server.sipPort(), loss)) {
            Sipp.run(relay.port(), "-sf", Sipp.scenario(scenario), "-s", "lossy")
                    .succeeded();
            assertThat(relay.lost()).hasSize(1);
            assertThat(relay.lost().getFirst()).startsWith(lostLine);
        }
        Map<String, String> asked = app.answerRequests.poll(10, TimeUnit.SECONDS);
        assertThat(asked).isNotNull();
        String uuid = asked.get("uuid");
        List<String> statuses = app.statusesUntil(uuid, "completed");
        assertThat(statuses).containsExactly("started", "ringing", "answered", "completed");
        assertThat(app.server
                        .admin()
                        .get("/v1/calls/" + uuid)
                        .json()
                        .path("status")
                        .asText())
                .isEqualTo("completed");
    }

    @Test
    void parleys_first_bye_is_lost() throws Exception {
        app.ncco = "[{\"action\":\"talk\",\"text\":\"goodbye\"}]"; // the call ends with the NCCO: Parley's BYE
        try {
            callThrough(UdpRelay.Loss.first(UdpRelay.Direction.TO_PEER, "BYE "), "parley-hangs-up.xml", "TO_PEER BYE ");
        } finally {
            app.ncco = "[{\"action\":\"conversation\",\"name\":\"lossy\"}]";
        }
    }

    @Test
    void parleys_first_200_ok_is_lost() throws Exception {
        callThrough(
                UdpRelay.Loss.first(UdpRelay.Direction.TO_PEER, "SIP/2.0 200"), "caller.xml", "TO_PEER SIP/2.0 200");
    }

    @Test
    void the_callers_first_ack_is_lost() throws Exception {
        callThrough(UdpRelay.Loss.first(UdpRelay.Direction.TO_SERVER, "ACK "), "caller.xml", "TO_SERVER ACK ");
    }

    @Test
    void the_callers_first_bye_is_lost() throws Exception {
        callThrough(UdpRelay.Loss.first(UdpRelay.Direction.TO_SERVER, "BYE "), "caller.xml", "TO_SERVER BYE ");
    }
}
