package dev.parley.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * How {@code --sip-listen}, {@code --sip-public-address}, {@code --rtp-ports}, {@code --rtp-timeout} and
 * {@code --node-timeout} read.
 */
class VoiceSettingsTest {
    private static VoiceSettings listen(String value) {
        return new VoiceSettings(
                value,
                null,
                VoiceSettings.DEFAULT_RTP_PORTS,
                VoiceSettings.DEFAULT_RTP_TIMEOUT,
                VoiceSettings.DEFAULT_NODE_TIMEOUT);
    }

    @Test
    void the_listen_address_takes_5060_when_no_port_is_given_and_every_interface_when_no_host_is() {
        assertThat(listen("127.0.0.1").listenAddress()).isEqualTo(new InetSocketAddress("127.0.0.1", 5060));
        assertThat(listen("127.0.0.1:5080").listenAddress()).isEqualTo(new InetSocketAddress("127.0.0.1", 5080));
        assertThat(listen(":5070").listenAddress().getAddress().isAnyLocalAddress())
                .isTrue();
        assertThat(listen(":5070").listenAddress().getPort()).isEqualTo(5070);
        assertThat(listen("[::1]:5061").listenAddress()).isEqualTo(new InetSocketAddress("::1", 5061));
        assertThat(listen("::1").listenAddress()).isEqualTo(new InetSocketAddress("::1", 5060));
        assertThat(listen(null).enabled()).isFalse();
        assertThat(VoiceSettings.off().problems()).isEmpty();
    }

    @Test
    void the_advertised_address_is_the_public_one_else_the_listen_host_never_the_wildcard() {
        assertThat(listen("127.0.0.1:0").advertisedAddress().getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(listen("0.0.0.0:0").advertisedAddress().isAnyLocalAddress()).isFalse();
        VoiceSettings published = new VoiceSettings(
                "0.0.0.0", "203.0.113.7", "10000-10100", Duration.ofSeconds(30), Duration.ofSeconds(20));
        assertThat(published.problems()).isEmpty();
        assertThat(published.advertisedAddress().getHostAddress()).isEqualTo("203.0.113.7");
        assertThat(published.portRange()).isEqualTo(new VoiceSettings.PortRange(10000, 10100));
    }

    @Test
    void every_bad_setting_is_named() {
        VoiceSettings bad = new VoiceSettings(
                "127.0.0.1:99999", "sip.example.com", "20000-10000", Duration.ZERO, Duration.ofMillis(10));
        assertThat(bad.problems())
                .hasSize(5)
                .anySatisfy(p -> assertThat(p).startsWith("node-timeout"))
                .anySatisfy(p -> assertThat(p).startsWith("sip-listen"))
                .anySatisfy(p -> assertThat(p).startsWith("sip-public-address"))
                .anySatisfy(p -> assertThat(p).startsWith("rtp-ports"))
                .anySatisfy(p -> assertThat(p).startsWith("rtp-timeout"));
        assertThat(new VoiceSettings(null, null, "80-90", Duration.ofSeconds(1), Duration.ofSeconds(20)).problems())
                .singleElement()
                .asString()
                .startsWith("rtp-ports");
    }
}
