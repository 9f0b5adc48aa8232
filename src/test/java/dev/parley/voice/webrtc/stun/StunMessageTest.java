package dev.parley.voice.webrtc.stun;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * STUN messages against the test vectors of RFC 5769 (a request with USERNAME, MESSAGE-INTEGRITY and
 * FINGERPRINT; an IPv4 response with XOR-MAPPED-ADDRESS), and what the builder writes read back by
 * the same checks.
 */
class StunMessageTest {
    private static final byte[] PASSWORD = "VOkJxbRl1RmTxUk/WvJxBt".getBytes(StandardCharsets.UTF_8);
    private static final byte[] TRANSACTION = HexFormat.of().parseHex("b7e7a701bc34d686fa87dfae");

    /** RFC 5769 §2.1: a sample request. */
    private static final byte[] SAMPLE_REQUEST = HexFormat.of()
            .parseHex("000100582112a442b7e7a701bc34d686fa87dfae"
                    + "802200105354554e207465737420636c69656e74"
                    + "002400046e0001ff80290008932ff9b151263b36"
                    + "000600096576746a3a6836765920202000080014"
                    + "9aeaa70cbfd8cb56781ef2b5b2d3f249c1b571a2"
                    + "80280004e57a3bcf");

    /** RFC 5769 §2.2: a sample IPv4 response. */
    private static final byte[] SAMPLE_RESPONSE = HexFormat.of()
            .parseHex("0101003c2112a442b7e7a701bc34d686fa87dfae"
                    + "8022000b7465737420766563746f722000200008"
                    + "0001a147e112a643000800142b91f599fd9e90c3"
                    + "8c7489f92af9ba53f06be7d780280004c07d4c96");

    @Test
    void the_rfc_5769_request_parses_and_its_integrity_and_fingerprint_check() {
        StunMessage request =
                StunMessage.parse(SAMPLE_REQUEST, SAMPLE_REQUEST.length).orElseThrow();
        assertThat(request.type()).isEqualTo(StunMessage.BINDING_REQUEST);
        assertThat(request.transactionId()).isEqualTo(TRANSACTION);
        assertThat(request.username()).contains("evtj:h6vY");
        assertThat(request.has(StunAttributes.ICE_CONTROLLED)).isTrue();
        assertThat(StunIntegrity.fingerprintValid(SAMPLE_REQUEST, SAMPLE_REQUEST.length))
                .isTrue();
        assertThat(StunIntegrity.integrityValid(SAMPLE_REQUEST, SAMPLE_REQUEST.length, PASSWORD))
                .isTrue();
        assertThat(StunIntegrity.integrityValid(
                        SAMPLE_REQUEST, SAMPLE_REQUEST.length, "wrong".getBytes(StandardCharsets.UTF_8)))
                .isFalse();
    }

    @Test
    void the_rfc_5769_response_parses_to_its_mapped_address() {
        StunMessage response =
                StunMessage.parse(SAMPLE_RESPONSE, SAMPLE_RESPONSE.length).orElseThrow();
        assertThat(response.type()).isEqualTo(StunMessage.BINDING_SUCCESS);
        byte[] mapped = response.attribute(StunAttributes.XOR_MAPPED_ADDRESS).orElseThrow();
        assertThat(XorAddress.decode(mapped, TRANSACTION)).contains(new InetSocketAddress("192.0.2.1", 32853));
        assertThat(StunIntegrity.integrityValid(SAMPLE_RESPONSE, SAMPLE_RESPONSE.length, PASSWORD))
                .isTrue();
        assertThat(StunIntegrity.fingerprintValid(SAMPLE_RESPONSE, SAMPLE_RESPONSE.length))
                .isTrue();
    }

    @Test
    void a_response_written_here_carries_the_rfc_5769_address_bytes_and_checks() {
        byte[] encoded = new StunMessage.Builder(StunMessage.BINDING_SUCCESS, TRANSACTION)
                .add(
                        StunAttributes.XOR_MAPPED_ADDRESS,
                        XorAddress.encode(new InetSocketAddress("192.0.2.1", 32853), TRANSACTION))
                .encode(PASSWORD);
        StunMessage read = StunMessage.parse(encoded, encoded.length).orElseThrow();
        assertThat(read.attribute(StunAttributes.XOR_MAPPED_ADDRESS))
                .hasValueSatisfying(v -> assertThat(HexFormat.of().formatHex(v)).isEqualTo("0001a147e112a643"));
        assertThat(StunIntegrity.integrityValid(encoded, encoded.length, PASSWORD))
                .isTrue();
        assertThat(StunIntegrity.fingerprintValid(encoded, encoded.length)).isTrue();
        assertThat(read.attributes().getLast().type()).isEqualTo(StunAttributes.FINGERPRINT);
    }

    @Test
    void a_flipped_bit_breaks_the_fingerprint_and_a_wrong_length_is_not_stun() {
        byte[] damaged = SAMPLE_REQUEST.clone();
        damaged[30] ^= 1;
        assertThat(StunIntegrity.fingerprintValid(damaged, damaged.length)).isFalse();
        assertThat(StunIntegrity.integrityValid(damaged, damaged.length, PASSWORD))
                .isFalse();
        byte[] truncated = java.util.Arrays.copyOf(SAMPLE_REQUEST, SAMPLE_REQUEST.length - 4);
        assertThat(StunMessage.parse(truncated, truncated.length)).isEmpty();
        byte[] rtp = {(byte) 0x80, 0, 0, 1, 0x21, 0x12, (byte) 0xa4, 0x42, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        assertThat(StunMessage.looksLikeStun(rtp, rtp.length)).isFalse();
    }
}
