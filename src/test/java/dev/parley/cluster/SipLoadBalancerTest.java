package dev.parley.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.parley.fixtures.Eventually;
import dev.parley.fixtures.Kamailio;
import dev.parley.fixtures.Sipp;
import dev.parley.fixtures.TestDatabase;
import dev.parley.fixtures.TestServer;
import dev.parley.fixtures.VoiceApp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * SIP in front of several nodes (issue 26, part 3): Kamailio's dispatcher (Debian's package, the
 * configuration docs/SCALING.md shows) spreads inbound calls round-robin over two Parley nodes on one
 * PostgreSQL database, probing each with OPTIONS every second; a node that stops is taken out of the
 * rotation by those probes, and the calls go on to the node that is left.
 */
class SipLoadBalancerTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Pattern CONTACT = Pattern.compile("Contact: <sip:[^>]*127\\.0\\.0\\.1:(\\d+)");

    @Test
    void kamailio_spreads_calls_over_the_nodes_and_its_options_probes_take_a_stopped_node_out() throws Exception {
        assumeTrue(TestDatabase.postgres(), "several nodes need PostgreSQL");
        try (VoiceApp a = VoiceApp.start(Map.of(), "[{\"action\":\"conversation\",\"name\":\"balanced\"}]")) {
            TestServer b = TestServer.start(Map.of(
                    "jdbcUrl", a.server.jdbcUrl(),
                    "dataDir", a.server.dataDir().toString(),
                    "applicationId", a.server.applicationId(),
                    "sipListen", "127.0.0.1:0"));
            int nodeA = a.server.sipPort();
            int nodeB = b.sipPort();
            try (Kamailio kamailio = Kamailio.dispatching(nodeA, nodeB)) {
                Eventually.get(
                        () -> flags(kamailio, nodeA).equals("AP")
                                        && flags(kamailio, nodeB).equals("AP")
                                ? true
                                : null,
                        WAIT);
                List<Integer> answeredBy = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    answeredBy.add(answeringNode(kamailio, Set.of(nodeA, nodeB)));
                }
                assertThat(answeredBy).as("round-robin over both nodes").contains(nodeA, nodeB);

                b.close();
                Eventually.get(() -> flags(kamailio, nodeB).startsWith("I") ? true : null, WAIT);
                for (int i = 0; i < 2; i++) {
                    assertThat(answeringNode(kamailio, Set.of(nodeA, nodeB)))
                            .as("the stopped node is out of the rotation")
                            .isEqualTo(nodeA);
                }
                assertThat(flags(kamailio, nodeA)).isEqualTo("AP");
            } finally {
                b.close();
            }
        }
    }

    /** A call through Kamailio, a second long; the SIP port of the node that answered it. */
    private static int answeringNode(Kamailio kamailio, Set<Integer> nodes) throws Exception {
        Sipp.Run run = Sipp.run(kamailio.port, "-sf", Sipp.scenario("caller.xml"), "-s", "balanced");
        assertThat(run.exitCode())
                .as(run.output() + "\n--- kamailio ---\n" + kamailio.log())
                .isZero();
        Matcher contact = CONTACT.matcher(run.output());
        while (contact.find()) {
            int port = Integer.parseInt(contact.group(1));
            if (nodes.contains(port)) {
                return port;
            }
        }
        throw new AssertionError("no node's Contact in the call:\n" + run.output());
    }

    /** The dispatcher's flags for the node on {@code port} ("AP" active and probed, "IP" inactive). */
    private static String flags(Kamailio kamailio, int port) {
        try {
            Matcher entry = Pattern.compile("URI: sip:127\\.0\\.0\\.1:" + port + " FLAGS: (\\w+)")
                    .matcher(kamailio.destinations());
            return entry.find() ? entry.group(1) : "";
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
