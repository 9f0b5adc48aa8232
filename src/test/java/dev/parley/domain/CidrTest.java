package dev.parley.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Address ranges of SIP domain ACLs: IPv4, IPv6, single addresses, and nothing that needs a lookup. */
class CidrTest {
    private static boolean in(String cidr, String address) throws Exception {
        return Cidr.parse(cidr).orElseThrow().contains(InetAddress.getByName(address));
    }

    @Test
    void ranges_contain_what_their_prefix_covers() throws Exception {
        assertThat(in("10.0.0.0/8", "10.200.1.2")).isTrue();
        assertThat(in("10.0.0.0/8", "11.0.0.1")).isFalse();
        assertThat(in("192.168.1.77/24", "192.168.1.1")).isTrue(); // host bits are masked away
        assertThat(in("203.0.113.7", "203.0.113.7")).isTrue();
        assertThat(in("203.0.113.7", "203.0.113.8")).isFalse();
        assertThat(in("0.0.0.0/0", "198.51.100.1")).isTrue();
        assertThat(in("2001:db8::/32", "2001:db8:1::5")).isTrue();
        assertThat(in("2001:db8::/32", "2001:db9::5")).isFalse();
        assertThat(in("127.0.0.0/8", "::1")).as("IPv4 never matches IPv6").isFalse();
        assertThat(Cidr.parse("10.1.2.3/20").orElseThrow().toString()).isEqualTo("10.1.0.0/20");
    }

    @Test
    void names_and_malformed_ranges_are_refused() {
        for (String bad :
                List.of("", "example.com", "localhost", "10.0.0.0/33", "10.0.0.0/x", "::1/129", "10.0.0.0/-1")) {
            assertThat(Cidr.parse(bad)).as(bad).isEmpty();
        }
        assertThat(Cidr.parse(null)).isEmpty();
    }
}
