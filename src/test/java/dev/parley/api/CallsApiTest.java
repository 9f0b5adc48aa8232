package dev.parley.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.vonage.client.HttpConfig;
import com.vonage.client.VonageClient;
import com.vonage.client.voice.CallDirection;
import com.vonage.client.voice.CallInfo;
import com.vonage.client.voice.CallInfoPage;
import com.vonage.client.voice.CallStatus;
import com.vonage.client.voice.CallsFilter;
import com.vonage.client.voice.VoiceClient;
import dev.parley.domain.ConversationId;
import dev.parley.domain.Leg;
import dev.parley.domain.LegId;
import dev.parley.domain.LegStatus;
import dev.parley.fixtures.Response;
import dev.parley.fixtures.TestServer;
import dev.parley.store.CommitListener;
import dev.parley.store.Store;
import dev.parley.store.jdbi.JdbiStore;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /v1/calls} and {@code GET /v1/calls/{uuid}} through the official Java SDK's VoiceClient and
 * over plain HTTP. The legs are written beforehand through a second store on the server's database, as
 * the voice layer (or another node) writes them.
 */
class CallsApiTest {
    private static TestServer server;
    private static VoiceClient voice;
    private static final ConversationId ROOM = ConversationId.next();
    private static final List<Leg> LEGS = new ArrayList<>();

    @BeforeAll
    static void start() {
        server = TestServer.start();
        voice = VonageClient.builder()
                .applicationId(server.applicationId())
                .privateKeyContents(readKey())
                .httpConfig(HttpConfig.builder().baseUri(server.baseUrl()).build())
                .build()
                .getVoiceClient();
        long t = System.currentTimeMillis() - 600_000;
        try (JdbiStore store = JdbiStore.open(server.jdbcUrl(), 2, CommitListener.NONE)) {
            LEGS.add(leg(ROOM, t)
                    .moveTo(LegStatus.RINGING, t + 1_000)
                    .moveTo(LegStatus.ANSWERED, t + 2_000)
                    .moveTo(LegStatus.COMPLETED, t + 64_000));
            LEGS.add(leg(ConversationId.next(), t + 10_000).moveTo(LegStatus.BUSY, t + 12_000));
            LEGS.add(leg(ROOM, t + 20_000).moveTo(LegStatus.ANSWERED, t + 21_000));
            store.write((Store.Tx tx) -> {
                LEGS.forEach(leg -> tx.legs().insert(leg));
                return null;
            });
        }
    }

    private static String readKey() {
        try {
            return java.nio.file.Files.readString(server.dataDir().resolve("default-app.key"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Leg leg(ConversationId conversation, long atMs) {
        return Leg.started(
                LegId.next(),
                server.applicationId(),
                conversation,
                "sip",
                Leg.Direction.INBOUND,
                "{\"type\":\"sip\",\"uri\":\"sip:alice@127.0.0.1\"}",
                "{\"type\":\"sip\",\"uri\":\"sip:room1@parley.test\"}",
                null,
                null,
                atMs);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void the_java_sdk_lists_filters_and_reads_calls() {
        CallInfoPage all = voice.listCalls();
        assertThat(all.getCount()).isEqualTo(3);
        assertThat(all.getCallInfos())
                .extracting(CallInfo::getUuid)
                .containsExactly(
                        LEGS.get(0).id().value(),
                        LEGS.get(1).id().value(),
                        LEGS.get(2).id().value());

        CallInfo completed = voice.getCallDetails(LEGS.get(0).id().value());
        assertThat(completed.getConversationUuid()).isEqualTo(ROOM.value());
        assertThat(completed.getStatus()).isEqualTo(CallStatus.COMPLETED);
        assertThat(completed.getDirection()).isEqualTo(CallDirection.INBOUND);
        assertThat(completed.getDuration()).isEqualTo(62);
        assertThat(completed.getStartTime().toEpochMilli())
                .isEqualTo(LEGS.get(0).answeredMs());
        assertThat(completed.getEndTime().toEpochMilli()).isEqualTo(LEGS.get(0).endedMs());

        CallInfoPage busy =
                voice.listCalls(CallsFilter.builder().status(CallStatus.BUSY).build());
        assertThat(busy.getCallInfos())
                .extracting(CallInfo::getUuid)
                .containsExactly(LEGS.get(1).id().value());
        CallInfoPage inRoom = voice.listCalls(
                CallsFilter.builder().conversationUuid(ROOM.value()).pageSize(1).build());
        assertThat(inRoom.getCount()).isEqualTo(2);
        assertThat(inRoom.getCallInfos()).hasSize(1);

        assertThatThrownBy(() -> voice.getCallDetails(LegId.next().value())).hasMessageContaining("404");
    }

    @Test
    void pages_link_to_first_last_and_next_until_the_end() {
        Response first = server.admin().get("/v1/calls?page_size=2&order=desc");
        assertThat(first.status()).isEqualTo(200);
        JsonNode body = first.json();
        assertThat(body.path("count").asInt()).isEqualTo(3);
        assertThat(body.path("_embedded").path("calls").findValuesAsText("uuid"))
                .containsExactly(LEGS.get(2).id().value(), LEGS.get(1).id().value());
        String next = body.path("_links").path("next").path("href").asText();
        assertThat(next).startsWith("http").contains("record_index=2").contains("order=desc");
        assertThat(body.path("_links").path("last").path("href").asText()).contains("record_index=2");
        JsonNode last = server.admin().get(next.substring(next.indexOf("/v1/"))).json();
        assertThat(last.path("_embedded").path("calls").findValuesAsText("uuid"))
                .containsExactly(LEGS.get(0).id().value());
        assertThat(last.path("_links").has("next")).isFalse();
        JsonNode call = last.path("_embedded").path("calls").get(0);
        assertThat(call.path("_links").path("self").path("href").asText())
                .endsWith("/v1/calls/" + LEGS.get(0).id().value());
        assertThat(call.path("from").path("uri").asText()).isEqualTo("sip:alice@127.0.0.1");

        JsonNode answered = server.admin().get("/v1/calls/" + LEGS.get(2).id()).json();
        assertThat(answered.path("status").asText()).isEqualTo("answered");
        assertThat(answered.has("end_time"))
                .as("times and price only once completed")
                .isFalse();
    }

    @Test
    void bad_filters_unknown_calls_and_user_tokens_get_vonage_errors() {
        Response bad = server.admin().get("/v1/calls?page_size=500&status=dancing&order=up&conversation_uuid=x");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().path("invalid_parameters").findValuesAsText("name"))
                .containsExactlyInAnyOrder("page_size", "status", "order", "conversation_uuid");

        Response missing = server.admin().get("/v1/calls/" + LegId.next());
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().path("code").asText()).isEqualTo("call:error:not-found");
        assertThat(server.admin().get("/v1/calls/not-a-uuid").status()).isEqualTo(404);

        Response user = server.as("someone").get("/v1/calls");
        assertThat(user.status()).isEqualTo(403);

        TestServer.Application other = server.createApplication("other");
        Response foreign = server.withToken(other.adminToken())
                .get("/v1/calls/" + LEGS.get(0).id());
        assertThat(foreign.status()).as("another application's call").isEqualTo(404);
        assertThat(server.withToken(other.adminToken())
                        .get("/v1/calls")
                        .json()
                        .path("count")
                        .asInt())
                .isZero();
    }

    @Test
    void the_legacy_legs_paths_show_the_same_legs_in_their_shape() {
        JsonNode page = server.admin().get("/v0.1/legs?page_size=2").json();
        assertThat(page.path("count").asInt()).isEqualTo(3);
        assertThat(page.path("_embedded").path("legs")).hasSize(2);
        JsonNode leg = page.path("_embedded").path("legs").get(0);
        assertThat(leg.path("uuid").asText()).isEqualTo(LEGS.get(0).id().value());
        assertThat(leg.path("type").asText()).isEqualTo("sip");
        assertThat(leg.path("conversation_uuid").asText()).isEqualTo(ROOM.value());
        assertThat(leg.path("status").asText()).isEqualTo("completed");
        assertThat(leg.path("to").path("type").asText()).isEqualTo("sip");
        assertThat(leg.has("end_time")).isTrue();
        assertThat(leg.path("_links").path("self").path("href").asText())
                .endsWith("/v0.1/legs/" + LEGS.get(0).id());

        assertThat(server.admin()
                        .get("/v0.1/legs/" + LEGS.get(1).id())
                        .json()
                        .path("status")
                        .asText())
                .isEqualTo("busy");
        Response ended = server.admin().delete("/v0.1/legs/" + LEGS.get(0).id());
        assertThat(ended.status()).isEqualTo(400);
        assertThat(ended.json().path("code").asText()).isEqualTo("call:error:not-active");
        assertThat(server.admin().delete("/v0.1/legs/" + LegId.next()).status()).isEqualTo(404);
        // A leg that is answered but runs on no SIP endpoint here cannot be hung up from here.
        Response elsewhere = server.admin().delete("/v0.1/legs/" + LEGS.get(2).id());
        assertThat(elsewhere.status()).isEqualTo(400);
        assertThat(elsewhere.json().path("detail").asText()).contains("not running on this server");

        // The API's 2019 users called the same list and hangup under /beta.
        JsonNode beta =
                server.admin().get("/beta/legs?page_size=2&record_index=2").json();
        assertThat(beta.path("count").asInt()).isEqualTo(3);
        assertThat(beta.path("_embedded").path("legs").get(0).path("uuid").asText())
                .isEqualTo(LEGS.get(2).id().value());
        assertThat(beta.path("_embedded")
                        .path("legs")
                        .get(0)
                        .path("_links")
                        .path("self")
                        .path("href")
                        .asText())
                .isEqualTo(server.baseUrl() + "/beta/legs/" + LEGS.get(2).id());
        Response betaEnded = server.admin().delete("/beta/legs/" + LEGS.get(0).id());
        assertThat(betaEnded.json().path("code").asText()).isEqualTo("call:error:not-active");
        assertThat(betaEnded.json().path("description").asText())
                .isEqualTo(betaEnded.json().path("detail").asText());
    }
}
