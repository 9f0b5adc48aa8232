package dev.parley.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.parley.config.OutboundSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.client.HttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The gate on its own, with real name resolution and real sockets: each spelling of a forbidden
 * address is refused by what it resolves to, the node's own ports are refused on every address of the
 * host, a redirect is judged like the first request, and allowed targets are still reached.
 */
class OutboundGateTest {
    private static OutboundGate gate(String internal, String allow, OwnPorts own) {
        return new OutboundGate(new OutboundSettings(internal, allow), own, new SimpleMeterRegistry());
    }

    @ParameterizedTest(name = "{0} is refused as {1}")
    @CsvSource({
        "169.254.169.254, link-local",
        "2852039166, link-local", // decimal
        "0251.0376.0251.0376, link-local", // octal
        "0xa9.0xfe.0xa9.0xfe, link-local", // hexadecimal
        "[::ffff:169.254.169.254], link-local", // IPv4-mapped IPv6
        "[::ffff:a9fe:a9fe], link-local",
        "[64:ff9b::a9fe:a9fe], link-local", // NAT64
        "[fe80::1], link-local",
        "0.0.0.0, unspecified",
        "0, unspecified",
        "[::], unspecified",
        "224.0.0.1, multicast",
        "[ff02::1], multicast",
        "255.255.255.255, broadcast",
    })
    void every_spelling_of_a_forbidden_address_is_refused(String host, String reason) {
        OutboundGate gate = gate("allow", "", new OwnPorts());
        assertThatThrownBy(() -> gate.resolve(host, 80))
                .isInstanceOfSatisfying(
                        OutboundRefused.class,
                        r -> assertThat(r.reason().label()).isEqualTo(reason));
        RefusalReason counted = RefusalReason.valueOf(reason.toUpperCase().replace('-', '_'));
        assertThat(gate.refusedCount(counted)).isEqualTo(1);
    }

    @Test
    void a_url_whose_host_java_cannot_read_is_judged_by_the_address_it_spells() throws Exception {
        OutboundGate gate = gate("allow", "", new OwnPorts());
        java.net.URI octal = java.net.URI.create("http://0251.0376.0251.0376/latest/meta-data/");
        assertThat(octal.getHost()).as("java.net.URI reads no host in it").isNull();
        assertThatThrownBy(() -> gate.target(octal))
                .isInstanceOfSatisfying(
                        OutboundRefused.class, r -> assertThat(r.reason()).isEqualTo(RefusalReason.LINK_LOCAL));
        assertThat(gate.target(java.net.URI.create("http://user@0300.0250.0.01:8080/a/b?c=d")))
                .as("an allowed address comes back in dotted form, everything else kept")
                .hasToString("http://user@192.168.0.1:8080/a/b?c=d");
        java.net.URI ordinary = java.net.URI.create("https://example.com/x");
        assertThat(gate.target(ordinary)).isSameAs(ordinary);
        assertThat(gate.check("ws://0251.0376.0251.0376:8080/socket")).isPresent();
    }

    @Test
    void internal_ranges_are_reached_by_default_refused_when_denied_and_reached_again_when_allowed() throws Exception {
        assertThat(gate("allow", "", new OwnPorts()).resolve("127.0.0.1", 80)).hasSize(1);
        assertThat(gate("allow", "", new OwnPorts()).resolve("10.1.2.3", 80)).hasSize(1);
        OutboundGate deny = gate("deny", "", new OwnPorts());
        for (String host : new String[] {
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "100.64.0.1",
            "[::1]",
            "[fd00::1]",
            "localhost",
            "2130706433" /* 127.0.0.1 in decimal */
        }) {
            assertThatThrownBy(() -> deny.resolve(host, 80))
                    .as(host)
                    .isInstanceOfSatisfying(
                            OutboundRefused.class, r -> assertThat(r.reason()).isEqualTo(RefusalReason.INTERNAL));
        }
        assertThat(deny.resolve("8.8.8.8", 80)).as("a public address").hasSize(1);
        OutboundGate allowOne = gate("deny", "10.1.0.0/16, 169.254.169.254/32", new OwnPorts());
        assertThat(allowOne.resolve("10.1.2.3", 80)).hasSize(1);
        assertThat(allowOne.resolve("169.254.169.254", 80))
                .as("allow exempts link-local too")
                .hasSize(1);
        assertThatThrownBy(() -> allowOne.resolve("10.2.0.1", 80)).isInstanceOf(OutboundRefused.class);
    }

    @Test
    void this_nodes_own_ports_are_refused_on_every_address_of_the_host_even_when_allowed() throws Exception {
        OwnPorts own = new OwnPorts();
        own.add(8443);
        own.addRange(20_000, 20_010);
        OutboundGate gate = gate("allow", "0.0.0.0/0,::/0", own);
        for (String host : new String[] {"127.0.0.1", "127.8.9.10", "localhost", "[::1]"}) {
            assertThatThrownBy(() -> gate.resolve(host, 8443))
                    .as(host)
                    .isInstanceOfSatisfying(
                            OutboundRefused.class, r -> assertThat(r.reason()).isEqualTo(RefusalReason.OWN_PORT));
        }
        assertThatThrownBy(() -> gate.resolve("127.0.0.1", 20_005)).isInstanceOf(OutboundRefused.class);
        // every address of every interface of this host, not only loopback
        int checked = 0;
        for (NetworkInterface nic : java.util.Collections.list(NetworkInterface.getNetworkInterfaces())) {
            for (var address : java.util.Collections.list(nic.getInetAddresses())) {
                String host = address instanceof java.net.Inet6Address
                        ? "[" + address.getHostAddress().replaceAll("%.*", "") + "]"
                        : address.getHostAddress();
                if (address.isLinkLocalAddress()) {
                    continue; // refused anyway, as link-local
                }
                assertThatThrownBy(() -> gate.resolve(host, 8443))
                        .as(host)
                        .isInstanceOfSatisfying(
                                OutboundRefused.class,
                                r -> assertThat(r.reason()).isEqualTo(RefusalReason.OWN_PORT));
                checked++;
            }
        }
        assertThat(checked).isPositive();
        assertThat(gate.resolve("127.0.0.1", 8444))
                .as("another port of the host")
                .hasSize(1);
    }

    @Test
    void a_client_of_the_gate_reaches_an_allowed_server_but_not_a_redirect_to_a_forbidden_one() throws Exception {
        AtomicInteger hits = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/ok", exchange -> {
            hits.incrementAndGet();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.createContext("/away", exchange -> {
            exchange.getResponseHeaders().add("Location", "http://169.254.169.254/latest/meta-data/");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.start();
        OwnPorts own = new OwnPorts();
        OutboundGate gate = gate("allow", "", own);
        HttpClient http = gate.httpClient("test", Duration.ofSeconds(2), 4, true);
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            assertThat(http.GET(base + "/ok").getStatus()).isEqualTo(204);
            assertThat(hits).hasValue(1);
            assertThatThrownBy(() -> http.GET(base + "/away"))
                    .isInstanceOf(ExecutionException.class)
                    .satisfies(e -> assertThat(OutboundRefused.in(e))
                            .hasValueSatisfying(r -> assertThat(r.reason()).isEqualTo(RefusalReason.LINK_LOCAL)));
            assertThatThrownBy(() -> http.GET("http://2852039166/latest/meta-data/"))
                    .satisfies(e -> assertThat(OutboundRefused.in(e)).isPresent());
            assertThat(hits).as("nothing else reached the allowed server").hasValue(1);
        } finally {
            http.stop();
            server.stop(0);
        }
    }
}
