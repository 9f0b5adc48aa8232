package dev.parley.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.wire.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fake cloud metadata service on a link-local address, in a network namespace this test makes (its
 * own loopback holds 169.254.169.254) with a mount namespace whose /etc/hosts names it {@code
 * metadata.test} and {@code metadata.google.internal}: nothing a node sends on behalf of an
 * application reaches it by address, by name, in decimal or through a redirect, until the operator
 * allows the range. The machine's own network and hosts file are never touched.
 */
class MetadataNamespaceTest {
    @TempDir
    Path temp;

    @Test
    void nothing_reaches_a_metadata_service_on_a_link_local_address_until_the_operator_allows_it() throws Exception {
        boolean namespaces = run(List.of("unshare", "-n", "-m", "true"), temp.resolve("check.log")) == 0;
        if (System.getenv("CI") == null) {
            Assumptions.assumeTrue(namespaces, "needs unshare -n -m (root); .ci/run has it");
        }
        assertThat(namespaces).as("unshare -n -m works here (CI runs as root)").isTrue();
        Path hosts = temp.resolve("hosts");
        Files.writeString(
                hosts, "127.0.0.1 localhost\n::1 localhost\n169.254.169.254 metadata.test metadata.google.internal\n");
        Path log = temp.resolve("probe.log");
        int exit = run(
                List.of(
                        "unshare",
                        "-n",
                        "-m",
                        "sh",
                        "-c",
                        "ip link set lo up && ip addr add 169.254.169.254/32 dev lo"
                                + " && mount --bind \"$0\" /etc/hosts"
                                + " && exec \"$1\" --enable-native-access=ALL-UNNAMED -cp \"$2\" "
                                + MetadataProbe.class.getName(),
                        hosts.toString(),
                        ProcessHandle.current().info().command().orElse("java"),
                        System.getProperty("java.class.path")),
                log);
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(exit).as(tail(output)).isZero();
        String line = output.lines()
                .filter(l -> l.startsWith("REPORT "))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no report:\n" + tail(output)));
        System.out.println(line); // what was refused, and why, for whoever reads the test's output
        JsonNode report = Json.parse(line.substring("REPORT ".length()));
        assertThat(report.path("reachedWhileRefused").asInt())
                .as("requests that reached the metadata service: " + report.path("firstReached"))
                .isZero();
        assertThat(report.path("webhooksRefused").asInt()).isEqualTo(4);
        assertThat(report.path("answerRefusals")).hasSize(4);
        assertThat(report.path("nccoRefusals").size()).isGreaterThanOrEqualTo(4 * 4);
        assertThat(report.path("reachedWhenAllowed").asInt())
                .as("with --outbound-allow 169.254.0.0/16 the webhook reaches it")
                .isGreaterThanOrEqualTo(1);
    }

    private static int run(List<String> command, Path log) throws Exception {
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly().waitFor();
            return -1;
        }
        return process.exitValue();
    }

    private static String tail(String output) {
        return output.length() > 20_000 ? output.substring(output.length() - 20_000) : output;
    }
}
