package dev.parley.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** A secret given on the command line: from a file (kept out of the process list) or as a value. */
final class PasswordOption {
    @Option(
            names = "--password-file",
            description = "A file holding the password (first line), kept out of the process list.")
    Path file;

    @Option(names = "--password", description = "The password itself (visible to other local users in ps).")
    String value;

    String read() throws IOException {
        if (value != null) {
            return value;
        }
        return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                .findFirst()
                .orElse("");
    }
}
