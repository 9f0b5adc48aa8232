package dev.parley.voice.webrtc.srtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * SRTP and SRTCP against published known answers: RFC 3711 Appendix B.2 (the AES-CM keystream) and
 * B.3 (session key derivation), the SRTCP labels' keys for the same master, and libsrtp's reference
 * packets (srtp_driver) for one protected RTP and one SRTCP packet; then what a receiver refuses.
 */
class SrtpTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] MASTER_KEY = HEX.parseHex("e1f97a0d3e018be0d64fa32c06de4139");
    private static final byte[] MASTER_SALT = HEX.parseHex("0ec675ad498afeebb6960b3aabe6");

    private static final byte[] RTP = HEX.parseHex("800f1234decafbadcafebabe" + "ab".repeat(16));
    private static final byte[] SRTP =
            HEX.parseHex("800f1234decafbadcafebabe4e55dc4ce79978d88ca4d215949d2402b78d6acc99ea179b8dbb");
    private static final byte[] RTCP = HEX.parseHex("81c8000bcafebabe" + "ab".repeat(16));
    private static final byte[] SRTCP_INDEX_1 =
            HEX.parseHex("81c8000bcafebabe7128035be487b9bdbef89041f977a5a880000001993e08cd54d6c1230798");

    @Test
    void session_keys_are_derived_as_rfc_3711_b3_and_the_srtcp_labels_say() {
        SessionKeys srtp = SessionKeys.derive(MASTER_KEY, MASTER_SALT, SessionKeys.SRTP_ENCRYPTION);
        assertThat(HEX.formatHex(srtp.cipherKey())).isEqualTo("c61e7a93744f39ee10734afe3ff7a087");
        assertThat(HEX.formatHex(srtp.cipherSalt())).isEqualTo("30cbbc08863d8c85d49db34a9ae1");
        assertThat(HEX.formatHex(srtp.authKey())).isEqualTo("cebe321f6ff7716b6fd4ab49af256a156d38baa4");
        SessionKeys srtcp = SessionKeys.derive(MASTER_KEY, MASTER_SALT, SessionKeys.SRTCP_ENCRYPTION);
        assertThat(HEX.formatHex(srtcp.cipherKey())).isEqualTo("4c1aa45a81f73d61c800bbb00fbb1eaa");
        assertThat(HEX.formatHex(srtcp.authKey())).isEqualTo("8d54534feb49ae8e7993a6bd0b844fc323a93dfd");
        assertThat(HEX.formatHex(srtcp.cipherSalt())).isEqualTo("9581c7ad87b3e530bf3e4454a8b3");
    }

    @Test
    void the_aes_cm_keystream_is_rfc_3711_b2s() {
        byte[] keystream = new AesCounterMode(HEX.parseHex("2b7e151628aed2a6abf7158809cf4f3c"))
                .keystream(HEX.parseHex("f0f1f2f3f4f5f6f7f8f9fafbfcfd0000"), 48);
        assertThat(HEX.formatHex(keystream))
                .isEqualTo("e03ead0935c95e80e166b16dd92b4eb4"
                        + "d23513162b02d0f72a43a2fe4a5f97ab"
                        + "41e95b3bb0a2e8dd477901e4fca894c0");
    }

    @Test
    void an_rtp_packet_is_protected_as_libsrtps_reference_and_read_back() {
        byte[] protectedPacket = new SrtpSender(MASTER_KEY, MASTER_SALT).protectRtp(RTP, RTP.length);
        assertThat(HEX.formatHex(protectedPacket)).isEqualTo(HEX.formatHex(SRTP));
        assertThat(new SrtpReceiver(MASTER_KEY, MASTER_SALT).unprotectRtp(SRTP, SRTP.length))
                .hasValueSatisfying(plain -> assertThat(plain).isEqualTo(RTP));
    }

    @Test
    void an_rtcp_packet_is_protected_as_libsrtps_reference_and_read_back() {
        SrtpSender sender = new SrtpSender(MASTER_KEY, MASTER_SALT);
        sender.protectRtcp(RTCP, RTCP.length); // index 0; the reference packet is index 1
        assertThat(HEX.formatHex(sender.protectRtcp(RTCP, RTCP.length))).isEqualTo(HEX.formatHex(SRTCP_INDEX_1));
        assertThat(new SrtpReceiver(MASTER_KEY, MASTER_SALT).unprotectRtcp(SRTCP_INDEX_1, SRTCP_INDEX_1.length))
                .hasValueSatisfying(plain -> assertThat(plain).isEqualTo(RTCP));
    }

    @Test
    void a_truncated_altered_or_replayed_packet_is_refused() {
        SrtpReceiver receiver = new SrtpReceiver(MASTER_KEY, MASTER_SALT);
        for (int length = SRTP.length - 1; length > 0; length--) {
            assertThat(receiver.unprotectRtp(Arrays.copyOf(SRTP, length), length))
                    .isEmpty();
        }
        byte[] altered = SRTP.clone();
        altered[20] ^= 1;
        assertThat(receiver.unprotectRtp(altered, altered.length)).isEmpty();
        assertThat(receiver.unprotectRtp(SRTP, SRTP.length)).isPresent();
        assertThat(receiver.unprotectRtp(SRTP, SRTP.length))
                .as("the same packet again")
                .isEmpty();
        assertThat(receiver.unprotectRtcp(SRTCP_INDEX_1, SRTCP_INDEX_1.length)).isPresent();
        assertThat(receiver.unprotectRtcp(SRTCP_INDEX_1, SRTCP_INDEX_1.length)).isEmpty();
        byte[] wrongKey = HEX.parseHex("00000000000000000000000000000000");
        assertThat(new SrtpReceiver(wrongKey, MASTER_SALT).unprotectRtp(SRTP, SRTP.length))
                .isEmpty();
    }

    @Test
    void sequence_numbers_that_wrap_carry_the_roll_over_counter_across() {
        SrtpSender sender = new SrtpSender(MASTER_KEY, MASTER_SALT);
        SrtpReceiver receiver = new SrtpReceiver(MASTER_KEY, MASTER_SALT);
        for (int sequence : new int[] {65_533, 65_534, 65_535, 0, 1, 2}) {
            byte[] packet = RTP.clone();
            packet[2] = (byte) (sequence >>> 8);
            packet[3] = (byte) sequence;
            byte[] sent = sender.protectRtp(packet, packet.length);
            assertThat(receiver.unprotectRtp(sent, sent.length))
                    .as("sequence %d", sequence)
                    .hasValueSatisfying(plain -> assertThat(plain).isEqualTo(packet));
        }
    }
}
