package dev.parley.voice.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The audio part of SDP offers as sipp and baresip write them, and Parley's answers. */
class SdpTest {
    private static final String OFFER = "v=0\r\n"
            + "o=- 1 1 IN IP4 10.0.0.9\r\n"
            + "s=-\r\n"
            + "c=IN IP4 10.0.0.9\r\n"
            + "t=0 0\r\n"
            + "m=audio 4000 RTP/AVP 96 8 0 101\r\n"
            + "c=IN IP4 127.0.0.1\r\n"
            + "a=rtpmap:96 opus/48000/2\r\n"
            + "a=rtpmap:101 telephone-event/8000\r\n"
            + "a=sendonly\r\n"
            + "m=video 4002 RTP/AVP 97\r\n"
            + "a=rtpmap:97 H264/90000\r\n";

    @Test
    void the_first_audio_line_gives_address_port_codecs_and_direction() {
        Sdp offer = Sdp.parse(OFFER.getBytes(StandardCharsets.US_ASCII)).orElseThrow();
        assertThat(offer.address()).isEqualTo("127.0.0.1"); // the media-level c= wins
        assertThat(offer.port()).isEqualTo(4000);
        assertThat(offer.payloadTypes()).containsExactly(96, 8, 0, 101);
        assertThat(offer.g711()).contains(8); // opus is not spoken; PCMA was offered before PCMU
        assertThat(offer.telephoneEvent()).contains(101);
        assertThat(offer.direction()).isEqualTo("sendonly");
    }

    @Test
    void an_answer_mirrors_the_direction_and_keeps_the_offered_event_type() {
        String answer = new String(
                Sdp.answer("127.0.0.1", 40_000, 7, 8, "PCMA/8000", 101, "sendonly"), StandardCharsets.US_ASCII);
        assertThat(answer)
                .contains("m=audio 40000 RTP/AVP 8 101\r\n")
                .contains("a=rtpmap:8 PCMA/8000\r\n")
                .contains("a=rtpmap:101 telephone-event/8000\r\n")
                .contains("a=recvonly\r\n");
        Sdp parsed = Sdp.parse(answer.getBytes(StandardCharsets.US_ASCII)).orElseThrow();
        assertThat(parsed.port()).isEqualTo(40_000);
        assertThat(parsed.g711()).contains(8);
    }

    @Test
    void an_offer_without_audio_or_with_a_broken_media_line_is_not_an_offer() {
        assertThat(Sdp.parse("v=0\r\nc=IN IP4 1.2.3.4\r\nm=video 5 RTP/AVP 97\r\n".getBytes(StandardCharsets.US_ASCII)))
                .isEmpty();
        assertThat(Sdp.parse("v=0\r\nc=IN IP4 1.2.3.4\r\nm=audio x RTP/AVP 0\r\n".getBytes(StandardCharsets.US_ASCII)))
                .isEmpty();
    }
}
