package dev.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSObject;
import dev.parley.auth.Pem;
import dev.parley.fixtures.Cli;
import dev.parley.fixtures.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void app_create_writes_a_pkcs8_key_and_prints_the_application() throws Exception {
        Path dir = Files.createTempDirectory("parley-cli");
        Path key = dir.resolve("my.key");
        Cli.Result r = Cli.run(
                "app",
                "create",
                "--name",
                "shop",
                "--event-url",
                "https://example.com/events",
                "--private-key-out",
                key.toString(),
                "--data-dir",
                dir.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode app = JSON.readTree(r.out());
        assertThat(UUID.fromString(app.get("id").asText()).toString())
                .isEqualTo(app.get("id").asText());
        assertThat(app.get("name").asText()).isEqualTo("shop");
        assertThat(app.get("event_url").asText()).isEqualTo("https://example.com/events");
        assertThat(Files.readString(key)).startsWith("-----BEGIN PRIVATE KEY-----");
        Pem.parsePrivateKey(Files.readString(key));

        Cli.Result again = Cli.run(
                "app", "create", "--name", "x", "--private-key-out", key.toString(), "--data-dir", dir.toString());
        assertThat(again.exitCode()).isNotZero();
        assertThat(again.err()).contains("exists");

        Cli.Result list = Cli.run("app", "list", "--data-dir", dir.toString());
        assertThat(list.exitCode()).isZero();
        assertThat(JSON.readTree(list.out()).findValuesAsText("id"))
                .contains(app.get("id").asText());
    }

    @Test
    void app_update_changes_the_webhook_and_webhook_commands_refuse_unclear_requests() throws Exception {
        Path dir = Files.createTempDirectory("parley-cli");
        Cli.Result created = Cli.run(
                "app",
                "create",
                "--name",
                "hooks",
                "--private-key-out",
                dir.resolve("k").toString(),
                "--data-dir",
                dir.toString());
        assertThat(created.exitCode()).as(created.err()).isZero();
        JsonNode app = JSON.readTree(created.out());
        assertThat(app.get("signature_secret").asText()).matches("[0-9a-f]{64}");
        String id = app.get("id").asText();

        Cli.Result updated = Cli.run(
                "app",
                "update",
                "--id",
                id,
                "--event-url",
                "http://127.0.0.1:9/hooks",
                "--event-method",
                "get",
                "--data-dir",
                dir.toString());
        assertThat(updated.exitCode()).as(updated.err()).isZero();
        JsonNode after = JSON.readTree(updated.out());
        assertThat(after.get("event_url").asText()).isEqualTo("http://127.0.0.1:9/hooks");
        assertThat(after.get("event_method").asText()).isEqualTo("GET");
        assertThat(after.has("signature_secret")).isFalse(); // shown only when rotated

        Cli.Result removed = Cli.run("app", "update", "--id", id, "--event-url", "", "--data-dir", dir.toString());
        assertThat(JSON.readTree(removed.out()).has("event_url")).isFalse();

        assertThat(Cli.run("app", "update", "--id", id, "--data-dir", dir.toString())
                        .err())
                .contains("nothing to change");
        assertThat(Cli.run("app", "update", "--id", id, "--event-url", "ftp://x", "--data-dir", dir.toString())
                        .err())
                .contains("absolute http(s) URL");
        assertThat(Cli.run("app", "update", "--id", "nope", "--rotate-secret", "--data-dir", dir.toString())
                        .err())
                .contains("no application nope");
        assertThat(Cli.run("webhooks", "redeliver", "--data-dir", dir.toString())
                        .err())
                .contains("either --id");
        Cli.Result none = Cli.run("webhooks", "failed", "--data-dir", dir.toString());
        assertThat(none.exitCode()).isZero();
        assertThat(JSON.readTree(none.out())).isEmpty();
    }

    @Test
    void bad_webhook_durations_stop_the_server_at_start_with_a_clear_message() {
        Cli.Result r =
                Cli.run("serve", "--port", "0", "--webhook-read-timeout", "soon", "--data-dir", "/tmp/parley-never");
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.err()).contains("'soon' is not a duration");
        Cli.Result zero = Cli.run("serve", "--port", "0", "--webhook-retry-for", "0s", "--webhook-concurrency", "0");
        assertThat(zero.exitCode()).isNotZero();
        assertThat(zero.err())
                .contains("webhook-retry-for must be a positive duration")
                .contains("webhook-concurrency must be at least 1");
    }

    @Test
    void jwt_prints_a_token_the_server_accepts_with_the_requested_claims() throws Exception {
        try (TestServer server = TestServer.start()) {
            Path key = server.dataDir().resolve("default-app.key");
            Cli.Result r = Cli.run(
                    "jwt",
                    "--application-id",
                    server.applicationId(),
                    "--private-key",
                    key.toString(),
                    "--sub",
                    "alice",
                    "--ttl",
                    "600",
                    "--acl",
                    "{\"paths\":{\"/*/users/**\":{}}}");
            assertThat(r.exitCode()).as(r.err()).isZero();
            String token = r.out().trim();
            Map<String, Object> claims = JWSObject.parse(token).getPayload().toJSONObject();
            assertThat(claims).containsEntry("sub", "alice").containsEntry("application_id", server.applicationId());
            assertThat(((Number) claims.get("exp")).longValue() - ((Number) claims.get("iat")).longValue())
                    .isEqualTo(600);
            assertThat(claims.get("jti")).isNotNull();
            assertThat(server.withToken(token).get("/v1/users").status()).isEqualTo(200);
            assertThat(server.withToken(token).get("/v1/conversations").status())
                    .isEqualTo(403);
        }
    }

    @Test
    void an_existing_application_id_and_public_key_can_be_registered() throws Exception {
        try (TestServer server = TestServer.start()) {
            var generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            var pair = generator.generateKeyPair();
            Path publicKey = server.dataDir().resolve("hosted.pub");
            Files.writeString(publicKey, Pem.publicKey(pair.getPublic()));
            String id = UUID.randomUUID().toString();
            Cli.Result r = Cli.run(
                    "app",
                    "create",
                    "--name",
                    "moved",
                    "--id",
                    id,
                    "--public-key",
                    publicKey.toString(),
                    "--db-url",
                    server.jdbcUrl());
            assertThat(r.exitCode()).as(r.err()).isZero();
            Path privateKey = server.dataDir().resolve("hosted.key");
            Files.writeString(privateKey, Pem.privateKey(pair.getPrivate()));
            Cli.Result jwt = Cli.run("jwt", "--application-id", id, "--private-key", privateKey.toString());
            assertThat(server.withToken(jwt.out().trim())
                            .get("/v1/conversations")
                            .status())
                    .isEqualTo(200);
        }
    }

    @Test
    void options_fall_back_to_parley_environment_variables() throws Exception {
        Path dir = Files.createTempDirectory("parley-env");
        Path key = dir.resolve("env.key");
        Cli.Result r = Cli.run(
                Map.of("PARLEY_DATA_DIR", dir.toString(), "PARLEY_PRIVATE_KEY_OUT", key.toString()),
                "app",
                "create",
                "--name",
                "from-env");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(Files.exists(dir.resolve("parley.db"))).isTrue();
        assertThat(Files.exists(key)).isTrue();
    }

    @Test
    void sip_domains_are_created_listed_and_deleted_with_clear_errors() throws Exception {
        Path dir = Files.createTempDirectory("parley-cli");
        Cli.Result app = Cli.run(
                "app",
                "create",
                "--name",
                "pbx",
                "--private-key-out",
                dir.resolve("pbx.key").toString(),
                "--data-dir",
                dir.toString());
        String applicationId = JSON.readTree(app.out()).get("id").asText();

        Cli.Result created = Cli.run(
                "sip-domain",
                "create",
                "--name",
                "Acme.Sip.Test",
                "--application-id",
                applicationId,
                "--acl",
                "127.0.0.1/32,10.0.0.0/8",
                "--acl",
                "2001:db8::/32",
                "--data-dir",
                dir.toString());
        assertThat(created.exitCode()).as(created.err()).isZero();
        JsonNode domain = JSON.readTree(created.out());
        assertThat(domain.get("name").asText()).isEqualTo("acme.sip.test");
        assertThat(domain.get("application_id").asText()).isEqualTo(applicationId);
        assertThat(domain.get("acl").toString())
                .isEqualTo("[\"127.0.0.1/32\",\"10.0.0.0/8\",\"2001:db8:0:0:0:0:0:0/32\"]");

        Cli.Result again = Cli.run(
                "sip-domain",
                "create",
                "--name",
                "acme.sip.test",
                "--application-id",
                applicationId,
                "--acl",
                "127.0.0.1",
                "--data-dir",
                dir.toString());
        assertThat(again.exitCode()).isNotZero();
        assertThat(again.err()).contains("already exists");

        Cli.Result bad = Cli.run(
                "sip-domain",
                "create",
                "--name",
                "not a name",
                "--application-id",
                applicationId,
                "--acl",
                "everyone",
                "--data-dir",
                dir.toString());
        assertThat(bad.exitCode()).isNotZero();
        assertThat(bad.err()).contains("name: must be a host name").contains("acl[0]: must be an IP address");

        Cli.Result noApp = Cli.run(
                "sip-domain",
                "create",
                "--name",
                "other.test",
                "--application-id",
                "no-such-app",
                "--acl",
                "127.0.0.1",
                "--data-dir",
                dir.toString());
        assertThat(noApp.exitCode()).isNotZero();
        assertThat(noApp.err()).contains("There is no application no-such-app");

        Cli.Result list = Cli.run("sip-domain", "list", "--data-dir", dir.toString());
        assertThat(JSON.readTree(list.out()).findValuesAsText("name")).containsExactly("acme.sip.test");

        assertThat(Cli.run("sip-domain", "delete", "--name", "acme.sip.test", "--data-dir", dir.toString())
                        .exitCode())
                .isZero();
        Cli.Result gone = Cli.run("sip-domain", "delete", "--name", "acme.sip.test", "--data-dir", dir.toString());
        assertThat(gone.exitCode()).isNotZero();
        assertThat(gone.err()).contains("There is no SIP domain acme.sip.test");
    }

    @Test
    void app_update_sets_the_voice_webhooks_and_keeps_what_it_is_not_given() throws Exception {
        Path dir = Files.createTempDirectory("parley-cli");
        String id = JSON.readTree(Cli.run(
                                "app",
                                "create",
                                "--name",
                                "ivr",
                                "--private-key-out",
                                dir.resolve("ivr.key").toString(),
                                "--data-dir",
                                dir.toString())
                        .out())
                .get("id")
                .asText();
        Cli.Result set = Cli.run(
                "app",
                "update",
                "--id",
                id,
                "--answer-url",
                "https://ivr.test/answer",
                "--voice-event-url",
                "https://ivr.test/events",
                "--answer-method",
                "post",
                "--data-dir",
                dir.toString());
        assertThat(set.exitCode()).as(set.err()).isZero();
        JsonNode voice = JSON.readTree(set.out()).get("voice");
        assertThat(voice.get("answer_url").asText()).isEqualTo("https://ivr.test/answer");
        assertThat(voice.get("answer_method").asText()).isEqualTo("POST");
        assertThat(voice.get("event_url").asText()).isEqualTo("https://ivr.test/events");
        assertThat(voice.get("event_method").asText()).isEqualTo("POST");

        Cli.Result fallback = Cli.run(
                "app",
                "update",
                "--id",
                id,
                "--fallback-answer-url",
                "https://backup.test/answer",
                "--data-dir",
                dir.toString());
        JsonNode kept = JSON.readTree(fallback.out()).get("voice");
        assertThat(kept.get("answer_url").asText()).isEqualTo("https://ivr.test/answer");
        assertThat(kept.get("fallback_answer_url").asText()).isEqualTo("https://backup.test/answer");

        Cli.Result bad = Cli.run("app", "update", "--id", id, "--answer-url", "ivr.test", "--data-dir", dir.toString());
        assertThat(bad.exitCode()).isNotZero();
        assertThat(bad.err()).contains("absolute http(s) URL");
    }
}
