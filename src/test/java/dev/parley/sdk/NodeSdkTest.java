package dev.parley.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.fixtures.Sipp;
import dev.parley.fixtures.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs the official Vonage Node SDKs, server and Client SDKs (every {@code *.test.mjs} in src/test/node,
 * installed from its lock file by bin/test), against
 * a real Parley (with SIP on, for the voice client's calls to sipp), with Node's own test runner. Fails, never skips, when Node or the packages are missing.
 */
class NodeSdkTest {
    static final Path NODE_DIR = Path.of("src/test/node");

    @Test
    void the_node_sdks_server_and_client_work_unchanged() throws IOException, InterruptedException {
        assertThat(NODE_DIR.resolve("node_modules/@vonage/conversations"))
                .as("npm packages missing: run bin/test (or npm ci in src/test/node)")
                .exists();
        try (TestServer server = TestServer.start(Map.of("sipListen", "127.0.0.1:0"))) {
            List<String> command =
                    new ArrayList<>(List.of("node", "--test", "--test-reporter=spec", "--test-concurrency=1"));
            try (var files = Files.list(NODE_DIR)) {
                files.map(f -> f.getFileName().toString())
                        .filter(name -> name.endsWith(".test.mjs"))
                        // -Dparley.nodeTests=nexmo-beta runs the files whose names contain it
                        .filter(name -> name.contains(System.getProperty("parley.nodeTests", "")))
                        .sorted()
                        .forEach(command::add);
            }
            ProcessBuilder builder =
                    new ProcessBuilder(command).directory(NODE_DIR.toFile()).redirectErrorStream(true);
            builder.environment().put("PARLEY_URL", server.baseUrl());
            builder.environment().put("PARLEY_APP_ID", server.applicationId());
            builder.environment()
                    .put(
                            "PARLEY_SIPP_DIR",
                            Path.of(Sipp.scenario(".")).getParent().toString());
            builder.environment()
                    .put(
                            "PARLEY_KEY_FILE",
                            server.dataDir().resolve("default-app.key").toString());
            Process process = builder.start();
            boolean finished = process.waitFor(3, TimeUnit.MINUTES);
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            Files.writeString(Path.of("target/node-sdk-test.log"), output);
            assertThat(finished).as("node test run timed out:\n" + output).isTrue();
            assertThat(process.exitValue()).as(output).isZero();
            assertThat(output).contains("fail 0").doesNotContain("pass 0");
        }
    }
}
