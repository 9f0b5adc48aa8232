package dev.parley.voice.webrtc.ice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.voice.webrtc.stun.StunAttributes;
import dev.parley.voice.webrtc.stun.StunIntegrity;
import dev.parley.voice.webrtc.stun.StunMessage;
import dev.parley.voice.webrtc.stun.XorAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The ICE-lite agent answering checks as a browser sends them (RFC 8445 §7.2.2: USERNAME, PRIORITY,
 * ICE-CONTROLLING, USE-CANDIDATE, MESSAGE-INTEGRITY with our password, FINGERPRINT): what it answers,
 * which addresses it then admits and nominates, and what it refuses.
 */
class IceLiteAgentTest {
    private static final InetSocketAddress BROWSER = new InetSocketAddress("127.0.0.1", 50_123);
    private final IceCredentials ours = IceCredentials.random();
    private final AtomicLong clock = new AtomicLong(1_000);
    private final IceLiteAgent agent = new IceLiteAgent(ours, "brws", clock::get);
    private int transactions;

    private StunMessage.Builder check(String username, boolean nominate) {
        byte[] transaction = ByteBuffer.allocate(12).putInt(8, ++transactions).array();
        StunMessage.Builder builder = new StunMessage.Builder(StunMessage.BINDING_REQUEST, transaction)
                .add(StunAttributes.USERNAME, username.getBytes(StandardCharsets.UTF_8))
                .add(
                        StunAttributes.PRIORITY,
                        ByteBuffer.allocate(4).putInt(1_853_824_767).array())
                .add(StunAttributes.ICE_CONTROLLING, new byte[8]);
        return nominate ? builder.add(StunAttributes.USE_CANDIDATE, new byte[0]) : builder;
    }

    private byte[] send(byte[] request) {
        return agent.received(request, request.length, BROWSER).orElseThrow();
    }

    private static StunMessage read(byte[] response) {
        return StunMessage.parse(response, response.length).orElseThrow();
    }

    private static int errorCode(StunMessage response) {
        byte[] value = response.attribute(StunAttributes.ERROR_CODE).orElseThrow();
        return value[2] * 100 + value[3];
    }

    private byte[] password() {
        return ours.password().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void a_check_with_our_credentials_is_answered_with_the_browsers_address_and_admits_it() {
        byte[] response = send(check(ours.ufrag() + ":brws", false).encode(password()));
        StunMessage success = read(response);
        assertThat(success.type()).isEqualTo(StunMessage.BINDING_SUCCESS);
        assertThat(XorAddress.decode(
                        success.attribute(StunAttributes.XOR_MAPPED_ADDRESS).orElseThrow(), success.transactionId()))
                .contains(BROWSER);
        assertThat(StunIntegrity.integrityValid(response, response.length, password()))
                .isTrue();
        assertThat(StunIntegrity.fingerprintValid(response, response.length)).isTrue();
        assertThat(agent.admits(BROWSER)).isTrue();
        assertThat(agent.admits(new InetSocketAddress("127.0.0.1", 50_124))).isFalse();
        assertThat(agent.nominated()).as("not nominated without USE-CANDIDATE").isEmpty();
    }

    @Test
    void use_candidate_nominates_the_address_and_later_checks_keep_consent_fresh() {
        send(check(ours.ufrag() + ":brws", true).encode(password()));
        assertThat(agent.nominated()).contains(BROWSER);
        clock.addAndGet(4_000);
        assertThat(agent.sinceConsentMs()).isEqualTo(4_000);
        send(check(ours.ufrag() + ":brws", false).encode(password()));
        assertThat(agent.sinceConsentMs()).isZero();
    }

    @Test
    void a_wrong_password_or_username_is_401_and_admits_nothing() {
        StunMessage wrongKey = read(send(check(ours.ufrag() + ":brws", true)
                .encode("not-our-password-at-all".getBytes(StandardCharsets.UTF_8))));
        assertThat(errorCode(wrongKey)).isEqualTo(401);
        StunMessage wrongUser = read(send(check("someoneelse:brws", true).encode(password())));
        assertThat(errorCode(wrongUser)).isEqualTo(401);
        assertThat(agent.admits(BROWSER)).isFalse();
        assertThat(agent.nominated()).isEmpty();
        assertThat(agent.sinceConsentMs()).isEqualTo(-1);
    }

    @Test
    void a_check_without_integrity_is_400() {
        StunMessage response = read(send(check(ours.ufrag() + ":brws", true).encode(null)));
        assertThat(errorCode(response)).isEqualTo(400);
        assertThat(agent.admits(BROWSER)).isFalse();
    }

    @Test
    void an_unknown_comprehension_required_attribute_is_420_naming_it() {
        byte[] request =
                check(ours.ufrag() + ":brws", true).add(0x0042, new byte[4]).encode(password());
        StunMessage response = read(send(request));
        assertThat(errorCode(response)).isEqualTo(420);
        assertThat(response.attribute(StunAttributes.UNKNOWN_ATTRIBUTES)).hasValue(new byte[] {0x00, 0x42});
        assertThat(agent.admits(BROWSER)).isFalse();
    }

    @Test
    void a_damaged_check_or_one_that_is_not_a_request_is_dropped() {
        byte[] request = check(ours.ufrag() + ":brws", true).encode(password());
        request[24] ^= 1; // inside USERNAME: the FINGERPRINT no longer matches
        assertThat(agent.received(request, request.length, BROWSER)).isEmpty();
        byte[] indication = new StunMessage.Builder(StunMessage.BINDING_INDICATION, new byte[12]).encode(null);
        assertThat(agent.received(indication, indication.length, BROWSER)).isEmpty();
        byte[] garbage = {0, 1, 0, 0, 1, 2, 3, 4};
        assertThat(agent.received(garbage, garbage.length, BROWSER)).isEmpty();
        assertThat(agent.admits(BROWSER)).isFalse();
    }
}
