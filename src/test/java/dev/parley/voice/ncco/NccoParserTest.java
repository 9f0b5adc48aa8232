package dev.parley.voice.ncco;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.vonage.client.voice.TextToSpeechLanguage;
import com.vonage.client.voice.ncco.ConnectAction;
import com.vonage.client.voice.ncco.ConversationAction;
import com.vonage.client.voice.ncco.DtmfSettings;
import com.vonage.client.voice.ncco.EventType;
import com.vonage.client.voice.ncco.InputAction;
import com.vonage.client.voice.ncco.Ncco;
import com.vonage.client.voice.ncco.NotifyAction;
import com.vonage.client.voice.ncco.PhoneEndpoint;
import com.vonage.client.voice.ncco.RecordAction;
import com.vonage.client.voice.ncco.RecordingFormat;
import com.vonage.client.voice.ncco.SipEndpoint;
import com.vonage.client.voice.ncco.StreamAction;
import com.vonage.client.voice.ncco.TalkAction;
import com.vonage.client.voice.ncco.WebSocketEndpoint;
import dev.parley.wire.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * NCCOs as the official Vonage Java SDK writes them read back field for field, and every kind of
 * mistake refused with the action and field named.
 */
class NccoParserTest {
    private static List<NccoAction> parse(String json) throws NccoException {
        return NccoParser.parse(Json.parse(json));
    }

    @Test
    void every_action_the_java_sdk_writes_reads_back_with_its_fields() throws Exception {
        Ncco ncco = new Ncco(
                TalkAction.builder("Welcome to Parley")
                        .bargeIn(true)
                        .loop(2)
                        .level(0.5)
                        .language(TextToSpeechLanguage.UNITED_KINGDOM_ENGLISH)
                        .style(1)
                        .premium(true)
                        .build(),
                InputAction.builder()
                        .dtmf(DtmfSettings.builder()
                                .timeOut(5)
                                .maxDigits(3)
                                .submitOnHash(true)
                                .build())
                        .eventUrl("https://app.test/input")
                        .build(),
                StreamAction.builder("https://app.test/tone.wav")
                        .loop(3)
                        .level(-0.5)
                        .build(),
                RecordAction.builder()
                        .format(RecordingFormat.WAV)
                        .channels(2)
                        .endOnSilence(3)
                        .endOnKey('#')
                        .timeOut(60)
                        .beepStart(true)
                        .eventUrl("https://app.test/record")
                        .build(),
                ConversationAction.builder("room1")
                        .startOnEnter(false)
                        .endOnExit(true)
                        .musicOnHoldUrl("https://app.test/hold.wav")
                        .canHear(List.of("leg-a"))
                        .eventUrl("https://app.test/conv")
                        .build(),
                ConnectAction.builder(SipEndpoint.builder("sip:bob@127.0.0.1:5070")
                                .headers(Map.of("X-Room", "1"))
                                .build())
                        .from("447700900000")
                        .eventType(EventType.SYNCHRONOUS)
                        .timeOut(30)
                        .limit(600)
                        .eventUrl("https://app.test/connect")
                        .build(),
                ConnectAction.builder(WebSocketEndpoint.builder("ws://127.0.0.1:9000/audio", "audio/l16;rate=16000")
                                .headers(Map.of("k", "v"))
                                .build())
                        .build(),
                ConnectAction.builder(PhoneEndpoint.builder("447700900001")
                                .dtmfAnswer("p1#")
                                .onAnswer("https://app.test/whisper")
                                .build())
                        .build(),
                NotifyAction.builder(Map.of("step", "done"), "https://app.test/notify")
                        .build());
        JsonNode json = Json.parse(ncco.toJson());
        List<NccoAction> actions = NccoParser.parse(json);
        assertThat(actions).hasSize(9);

        var talk = (NccoAction.Talk) actions.get(0);
        assertThat(talk.text()).isEqualTo("Welcome to Parley");
        assertThat(talk.bargeIn()).isTrue();
        assertThat(talk.loop()).isEqualTo(2);
        assertThat(talk.level()).isEqualTo(0.5);
        assertThat(talk.language()).isEqualTo("en-GB");
        assertThat(talk.style()).isEqualTo(1);
        assertThat(talk.premium()).isTrue();

        var input = (NccoAction.Input) actions.get(1);
        assertThat(input.types()).containsExactly("dtmf");
        assertThat(input.dtmf()).isEqualTo(new NccoAction.Input.Dtmf(5, 3, true));
        assertThat(input.eventUrl()).isEqualTo(new NccoAction.Webhook("https://app.test/input", "POST"));

        var stream = (NccoAction.Stream) actions.get(2);
        assertThat(stream).isEqualTo(new NccoAction.Stream("https://app.test/tone.wav", -0.5, false, 3));

        var record = (NccoAction.Record) actions.get(3);
        assertThat(record.format()).isEqualTo("wav");
        assertThat(record.channels()).isEqualTo(2);
        assertThat(record.split()).isEqualTo("conversation");
        assertThat(record.endOnKey()).isEqualTo("#");
        assertThat(record.timeOut()).isEqualTo(60);
        assertThat(record.beepStart()).isTrue();

        var conversation = (NccoAction.Conversation) actions.get(4);
        assertThat(conversation.name()).isEqualTo("room1");
        assertThat(conversation.startOnEnter()).isFalse();
        assertThat(conversation.endOnExit()).isTrue();
        assertThat(conversation.musicOnHoldUrl()).isEqualTo("https://app.test/hold.wav");
        assertThat(conversation.canHear()).containsExactly("leg-a");
        assertThat(conversation.canSpeak()).isNull();

        var sip = (NccoAction.Connect) actions.get(5);
        assertThat(sip.endpoint())
                .isEqualTo(new NccoAction.Endpoint.Sip("sip:bob@127.0.0.1:5070", Map.of("X-Room", "1")));
        assertThat(sip.from()).isEqualTo("447700900000");
        assertThat(sip.synchronous()).isTrue();
        assertThat(sip.timeout()).isEqualTo(30);
        assertThat(sip.limit()).isEqualTo(600);

        var websocket = (NccoAction.Endpoint.Websocket) ((NccoAction.Connect) actions.get(6)).endpoint();
        assertThat(websocket.uri()).isEqualTo("ws://127.0.0.1:9000/audio");
        assertThat(websocket.contentType()).isEqualTo("audio/l16;rate=16000");
        assertThat(Json.parse(websocket.headersJson()).path("k").asText()).isEqualTo("v");

        var phone = (NccoAction.Endpoint.Phone) ((NccoAction.Connect) actions.get(7)).endpoint();
        assertThat(phone.number()).isEqualTo("447700900001");
        assertThat(phone.dtmfAnswer()).isEqualTo("p1#");
        assertThat(phone.onAnswerUrl()).isEqualTo("https://app.test/whisper");

        var notify = (NccoAction.Notify) actions.get(8);
        assertThat(Json.parse(notify.payloadJson()).path("step").asText()).isEqualTo("done");
        assertThat(notify.eventUrl().url()).isEqualTo("https://app.test/notify");
    }

    @Test
    void defaults_are_the_voice_apis() throws Exception {
        List<NccoAction> actions = parse("[{\"action\":\"talk\",\"text\":\"hi\"},"
                + "{\"action\":\"input\",\"type\":[\"dtmf\"]},"
                + "{\"action\":\"conversation\",\"name\":\"r\"},"
                + "{\"action\":\"wait\"}]");
        assertThat(actions.get(0)).isEqualTo(new NccoAction.Talk("hi", false, 1, 0.0, null, null, null, null));
        assertThat(((NccoAction.Input) actions.get(1)).dtmf()).isEqualTo(new NccoAction.Input.Dtmf(3, 4, false));
        var conversation = (NccoAction.Conversation) actions.get(2);
        assertThat(conversation.startOnEnter()).isTrue();
        assertThat(conversation.endOnExit()).isFalse();
        assertThat(actions.get(3)).isEqualTo(new NccoAction.Wait(10.0));
    }

    @Test
    void mistakes_are_refused_with_the_action_and_field_named() {
        assertThatThrownBy(() -> parse("{}")).hasMessageContaining("JSON array");
        assertThatThrownBy(() -> parse("[]")).hasMessageContaining("at least one");
        assertThatThrownBy(() -> parse("[{\"action\":\"dance\"}]"))
                .hasMessageContaining("ncco[0]: unknown action \"dance\"");
        assertThatThrownBy(() -> parse("[{\"action\":\"talk\"}]"))
                .hasMessageContaining("ncco[0] (talk): \"text\" is required");
        assertThatThrownBy(() -> parse("[{\"action\":\"talk\",\"text\":\"x\",\"loop\":\"often\"}]"))
                .hasMessageContaining("\"loop\" must be a whole number");
        assertThatThrownBy(() -> parse("[{\"action\":\"talk\",\"text\":\"x\",\"level\":2}]"))
                .hasMessageContaining("\"level\" must be between -1.0 and 1.0");
        assertThatThrownBy(() -> parse(
                        "[{\"action\":\"talk\",\"text\":\"x\",\"bargeIn\":true},{\"action\":\"talk\",\"text\":\"y\"}]"))
                .hasMessageContaining("bargeIn needs an input");
        assertThatThrownBy(() -> parse("[{\"action\":\"stream\",\"streamUrl\":\"https://a.test/x.wav\"}]"))
                .hasMessageContaining("\"streamUrl\" must be an array of strings");
        assertThatThrownBy(() -> parse("[{\"action\":\"input\",\"type\":[\"dtmf\"],\"dtmf\":{\"maxDigits\":50}}]"))
                .hasMessageContaining("dtmf: \"maxDigits\" must be between 1 and 20");
        assertThatThrownBy(() -> parse("[{\"action\":\"input\",\"type\":[\"telepathy\"]}]"))
                .hasMessageContaining("\"type\" must name dtmf, speech or both");
        assertThatThrownBy(() -> parse("[{\"action\":\"record\",\"format\":\"flac\"}]"))
                .hasMessageContaining("\"format\" must be one of [mp3, ogg, wav]");
        assertThatThrownBy(() -> parse("[{\"action\":\"conversation\",\"name\":\"r\",\"mute\":true,\"canSpeak\":[]}]"))
                .hasMessageContaining("\"mute\" cannot be used together with \"canSpeak\"");
        assertThatThrownBy(
                        () -> parse("[{\"action\":\"connect\",\"endpoint\":[{\"type\":\"sip\",\"uri\":\"tel:1\"}]}]"))
                .hasMessageContaining("must be a sip: or sips: URI");
        assertThatThrownBy(
                        () -> parse(
                                "[{\"action\":\"connect\",\"endpoint\":[{\"type\":\"websocket\",\"uri\":\"ws://a\",\"content-type\":\"audio/mp3\"}]}]"))
                .hasMessageContaining("\"content-type\" must be one of");
        assertThatThrownBy(() -> parse("[{\"action\":\"connect\",\"endpoint\":[]}]"))
                .hasMessageContaining("exactly one endpoint");
        assertThatThrownBy(() ->
                        parse("[{\"action\":\"connect\",\"endpoint\":[{\"type\":\"phone\",\"number\":\"44 20\"}]}]"))
                .hasMessageContaining("E.164");
        assertThatThrownBy(() -> parse("[{\"action\":\"notify\",\"payload\":{}}]"))
                .hasMessageContaining("\"eventUrl\" is required");
        assertThatThrownBy(() -> parse("[{\"action\":\"input\",\"type\":[\"dtmf\"],\"eventUrl\":[\"ftp://a\"]}]"))
                .hasMessageContaining("http or https");
    }
}
