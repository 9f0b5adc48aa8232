package dev.parley.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.fixtures.TestServer;
import dev.parley.fixtures.ThrowawayCa;
import dev.parley.wire.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API's 2019 clients, as their users ran them: the beta Nexmo CLI's four commands through the
 * library inside it (nexmo@2.5.4-beta-1, whose host is hard-coded: a mount namespace maps
 * api.nexmo.com to 127.0.0.1 in its own /etc/hosts), and the era's curl snippets, with a token from
 * {@code nexmo jwt:generate} (nexmo-cli, no {@code exp}), to {@code https://api.nexmo.com} served by
 * Parley with a certificate from a throwaway CA, on both {@code /beta} and {@code /v0.1}.
 */
class EraClientsTest {
    @TempDir
    static Path temp;

    private static TestServer plain;
    private static TestServer secure;
    private static ThrowawayCa ca;

    @BeforeAll
    static void start() throws IOException {
        plain = TestServer.start();
        ca = ThrowawayCa.make(Files.createDirectories(temp.resolve("ca")), "rsa");
        secure =
                TestServer.start(Map.of("tlsCert", ca.serverCertificate.toString(), "tlsKey", ca.serverKey.toString()));
    }

    @AfterAll
    static void stop() {
        plain.close();
        secure.close();
    }

    @Test
    void the_beta_clis_four_commands_print_what_their_users_saw() throws Exception {
        Path hosts = temp.resolve("hosts");
        Files.writeString(hosts, "127.0.0.1 localhost\n127.0.0.1 api.nexmo.com\n");
        String user = "alex-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        String options = Json.object()
                .put("applicationId", plain.applicationId())
                .put("keyFile", plain.dataDir().resolve("default-app.key").toString())
                .put("port", Integer.parseInt(plain.baseUrl().replaceAll(".*:", "")))
                .put("userName", user)
                .toString();
        String out = run(
                Path.of("src/test/node"),
                "unshare",
                "-m",
                "sh",
                "-c",
                "mount --bind \"$0\" /etc/hosts && exec node nexmo-cli-replay.mjs \"$1\"",
                hosts.toString(),
                options);
        JsonNode result = Json.parse(out.strip().lines().reduce((a, b) -> b).orElseThrow());
        assertThat(result.has("error")).as(out).isFalse();
        List<String> printed = new ArrayList<>();
        result.path("printed").forEach(line -> printed.add(line.asText()));
        assertThat(printed)
                .containsExactly(
                        "Conversation created: " + result.path("conversation").asText(),
                        "User created: " + result.path("user").asText(),
                        "Member added: " + result.path("member").asText(),
                        String.join(
                                " | ",
                                result.path("member").asText(),
                                result.path("user").asText(),
                                user,
                                "JOINED"),
                        "conversation:error:not-found: Conversation does not exist, or you do not have access.");
    }

    @Test
    void the_eras_curl_snippets_work_over_https_with_a_jwt_generate_token_on_both_prefixes() throws Exception {
        String jwt = run(
                        Path.of("src/test/node"),
                        "node",
                        "node_modules/nexmo-cli/lib/bin.js",
                        "jwt:generate",
                        secure.dataDir().resolve("default-app.key").toString(),
                        "application_id=" + secure.applicationId())
                .strip();
        JsonNode claims = Json.parse(
                new String(java.util.Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8));
        assertThat(claims.has("exp")).as("jwt:generate sets no exp").isFalse();
        // A user token as the CLI's help showed it: sub and an acl naming /v1 paths, the era's way.
        String user = "era-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        new Curl(jwt, "/beta").call(200, "POST", "/users", "{\"name\":\"" + user + "\"}");
        String userJwt = run(
                        Path.of("src/test/node"),
                        "node",
                        "node_modules/nexmo-cli/lib/bin.js",
                        "jwt:generate",
                        secure.dataDir().resolve("default-app.key").toString(),
                        "application_id=" + secure.applicationId(),
                        "sub=" + user,
                        "acl={\"paths\":{\"/v1/users/**\":{}}}")
                .strip();
        new Curl(userJwt, "/beta").call(200, "GET", "/users/" + user, null);
        new Curl(userJwt, "/v0.1").call(403, "GET", "/conversations", null);
        for (String prefix : List.of("/beta", "/v0.1")) {
            Curl curl = new Curl(jwt, prefix);
            JsonNode conversation = curl.call(
                    200, "POST", "/conversations", "{\"name\":\"$CONV_NAME\",\"display_name\":\"$CONV_DISPLAY_NAME\"}");
            String cid = conversation.path("id").asText();
            assertThat(conversation.path("href").asText())
                    .isEqualTo("https://api.nexmo.com" + prefix + "/conversations/" + cid);
            assertThat(curl.call(200, "GET", "/conversations", null)
                            .path("_embedded")
                            .path("conversations")
                            .toString())
                    .contains(cid);
            assertThat(curl.call(200, "GET", "/conversations/" + cid, null)
                            .path("uuid")
                            .asText())
                    .isEqualTo(cid);
            curl.call(
                    200,
                    "PUT",
                    "/conversations/" + cid,
                    "{\"name\":\"$CONV_NAME\",\"display_name\":\"$CONV_DISPLAY_NAME\"}");
            String uid = curl.call(
                            200, "POST", "/users", "{\"name\":\"$USER_NAME\",\"display_name\":\"$USER_DISPLAY_NAME\"}")
                    .path("id")
                    .asText();
            assertThat(curl.call(200, "GET", "/users", null).toString()).contains(uid);
            assertThat(curl.call(200, "GET", "/users/" + uid, null).path("name").asText())
                    .isEqualTo("$USER_NAME");
            curl.call(200, "PUT", "/users/" + uid, "{\"name\":\"$USER_NAME\",\"display_name\":\"$USER_DISPLAY_NAME\"}");
            String mid = curl.call(
                            201,
                            "POST",
                            "/conversations/" + cid + "/members",
                            "{\"user_id\":\"" + uid + "\",\"action\":\"invite\",\"channel\":{\"type\":\"app\"}}")
                    .path("id")
                    .asText();
            assertThat(curl.call(200, "GET", "/conversations/" + cid + "/members", null)
                            .get(0)
                            .path("name")
                            .asText())
                    .isEqualTo(mid);
            curl.call(200, "GET", "/conversations/" + cid + "/members/" + mid, null);
            curl.call(
                    200,
                    "PUT",
                    "/conversations/" + cid + "/members/" + mid,
                    "{\"user_id\":\"" + uid + "\",\"action\":\"join\",\"channel\":{\"type\":\"app\"}}");
            assertThat(curl.call(200, "GET", "/users/" + uid + "/conversations", null)
                            .get(0)
                            .path("state")
                            .asText())
                    .isEqualTo("JOINED");
            long eid = curl.call(
                            201,
                            "POST",
                            "/conversations/" + cid + "/events",
                            "{\"type\":\"text\",\"from\":\"" + mid + "\"}")
                    .path("id")
                    .asLong();
            assertThat(curl.call(200, "GET", "/conversations/" + cid + "/events", null)
                            .toString())
                    .contains("\"id\":" + eid);
            curl.call(200, "GET", "/conversations/" + cid + "/events/" + eid, null);
            curl.call(200, "DELETE", "/conversations/" + cid + "/events/" + eid, null);
            curl.call(200, "DELETE", "/conversations/" + cid + "/members/" + mid, null);
            assertThat(curl.call(200, "GET", "/legs", null).path("count").asInt())
                    .isZero();
            curl.call(200, "DELETE", "/users/" + uid, null);
            curl.call(200, "DELETE", "/conversations/" + cid, null);
            JsonNode gone = curl.call(404, "GET", "/conversations/" + cid, null);
            assertThat(gone.path("description").asText()).isNotEmpty();
        }
    }

    /** curl as the snippets ran it, to https://api.nexmo.com, connected to Parley's TLS port. */
    private record Curl(String jwt, String prefix) {
        JsonNode call(int status, String method, String path, String body) throws Exception {
            List<String> command = new ArrayList<>(List.of(
                    "curl",
                    "-sS",
                    "-X",
                    method,
                    "https://api.nexmo.com" + prefix + path,
                    "-H",
                    "Authorization: Bearer " + jwt,
                    "-H",
                    "Content-Type: application/json",
                    "--cacert",
                    ca.caCertificate.toString(),
                    "--connect-to",
                    "api.nexmo.com:443:127.0.0.1:" + secure.baseUrl().replaceAll(".*:", ""),
                    "-w",
                    "\n%{http_code}"));
            if (body != null) {
                command.addAll(List.of("-d", body));
            }
            String out = run(Path.of("."), command.toArray(new String[0]));
            int split = out.lastIndexOf('\n');
            assertThat(Integer.parseInt(out.substring(split + 1).strip()))
                    .as(method + " " + prefix + path + ": " + out)
                    .isEqualTo(status);
            return Json.parse(out.substring(0, split));
        }
    }

    private static String run(Path dir, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue())
                .as(String.join(" ", command) + ": " + out)
                .isZero();
        return out;
    }
}
