package dev.parley.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.config.TlsSettings;
import dev.parley.fixtures.TestServer;
import dev.parley.fixtures.ThrowawayCa;
import dev.parley.wire.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve --tls-cert/--tls-key}: the API port speaks HTTPS (with an RSA or an EC key from a
 * throwaway CA) and nothing else, the Client SDKs' socket upgrades over it, and a bad pair of files
 * stops the start with a clear reason.
 */
class HttpsTest {
    @TempDir
    Path temp;

    @Test
    void the_api_port_speaks_https_with_an_rsa_or_an_ec_key_and_the_socket_upgrades_over_it() throws Exception {
        for (String kind : List.of("rsa", "ec")) {
            Path dir = Files.createDirectories(temp.resolve(kind));
            ThrowawayCa ca = ThrowawayCa.make(dir, kind);
            try (TestServer server = TestServer.start(
                    java.util.Map.of("tlsCert", ca.serverCertificate.toString(), "tlsKey", ca.serverKey.toString()))) {
                assertThat(server.baseUrl()).startsWith("https://");
                HttpClient client =
                        HttpClient.newBuilder().sslContext(ca.trustingIt()).build();
                HttpResponse<String> conversations = client.send(
                        HttpRequest.newBuilder(URI.create(server.baseUrl() + "/beta/conversations"))
                                .header("Authorization", "Bearer " + server.adminToken())
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(conversations.statusCode()).as(kind).isEqualTo(200);
                JsonNode page = Json.parse(conversations.body());
                assertThat(page.path("_links").path("self").path("href").asText())
                        .as("links on the scheme the request came by")
                        .startsWith("https://");

                CompletableFuture<String> opened = new CompletableFuture<>();
                WebSocket socket = client.newWebSocketBuilder()
                        .buildAsync(
                                URI.create(server.baseUrl().replace("https", "wss")
                                        + "/v2/rtc/?EIO=4&transport=websocket"),
                                new WebSocket.Listener() {
                                    @Override
                                    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                                        opened.complete(data.toString());
                                        return null;
                                    }
                                })
                        .get(10, TimeUnit.SECONDS);
                assertThat(opened.get(10, TimeUnit.SECONDS))
                        .as("engine.io's open packet")
                        .startsWith("0{");
                socket.abort();

                HttpClient plain = HttpClient.newHttpClient();
                assertThatThrownBy(() -> plain.send(
                                HttpRequest.newBuilder(
                                                URI.create(server.baseUrl().replace("https", "http") + "/health"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString()))
                        .as("no plain HTTP on the TLS port")
                        .isInstanceOf(java.io.IOException.class);
            }
        }
    }

    @Test
    void a_bad_certificate_or_key_stops_the_start_with_the_reason_and_no_key_text() throws Exception {
        ThrowawayCa ca = ThrowawayCa.make(temp, "rsa");
        Path notAKey = temp.resolve("not-a-key.pem");
        Files.writeString(notAKey, "-----BEGIN PRIVATE KEY-----\nc2VjcmV0\n-----END PRIVATE KEY-----\n");
        assertThat(new TlsSettings(ca.serverCertificate, null).problems())
                .containsExactly("tls-cert and tls-key go together: give both, or neither for plain HTTP");
        assertThat(new TlsSettings(ca.serverCertificate, notAKey).problems())
                .singleElement()
                .asString()
                .contains("not an unencrypted PKCS#8 PEM key")
                .doesNotContain("c2VjcmV0");
        assertThat(new TlsSettings(ca.serverCertificate, ca.caCertificate).problems())
                .as("a certificate where the key should be")
                .hasSize(1);
        assertThat(new TlsSettings(ca.serverCertificate, ca.serverKey).problems())
                .isEmpty();
    }
}
