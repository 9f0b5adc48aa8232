package dev.parley.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.parley.auth.Pem;
import dev.parley.auth.TokenIssuer;
import dev.parley.wire.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "jwt",
        mixinStandardHelpOptions = true,
        description = "Print a signed RS256 token for an application (admin without --sub, else a user token).")
final class JwtCommand implements Callable<Integer> {
    @Option(names = "--application-id", required = true, description = "The application id.")
    String applicationId;

    @Option(names = "--private-key", required = true, description = "The application's private key (PKCS#8 PEM file).")
    Path privateKey;

    @Option(names = "--sub", description = "User name: makes a user token.")
    String sub;

    @Option(
            names = "--ttl",
            defaultValue = "86400",
            description = "Lifetime in seconds, at most 86400 (default ${DEFAULT-VALUE}).")
    long ttl;

    @Option(names = "--acl", description = "The acl claim as JSON, e.g. '{\"paths\":{\"/*/conversations/**\":{}}}'.")
    String acl;

    @Override
    public Integer call() throws IOException {
        if (ttl < 1 || ttl > 86400) {
            throw new IllegalArgumentException("--ttl must be between 1 and 86400 seconds");
        }
        Map<String, Object> aclClaim =
                acl == null ? null : Json.MAPPER.readValue(acl, new TypeReference<Map<String, Object>>() {});
        String token = TokenIssuer.sign(
                applicationId,
                Pem.parsePrivateKey(Files.readString(privateKey)),
                sub,
                ttl,
                aclClaim,
                System.currentTimeMillis());
        System.out.println(token);
        return 0;
    }
}
