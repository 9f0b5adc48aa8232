package dev.parley.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Settings of {@code parley serve}, checked once at start-up ({@link #verify()} reports every
 * problem) and immutable afterwards.
 */
public record ServerConfig(
        String host,
        int port,
        StoreConfig store,
        String publicUrl,
        int maxMembersPerConversation,
        long maxBodyBytes,
        int maxSessionBuffer,
        WebhookSettings webhooks,
        RateLimits rateLimits,
        /** The SIP channel: where it listens (off when not set), its advertised address, RTP ports. */
        VoiceSettings voice,
        /** Which web origins may call the API from a browser. */
        CorsSettings cors,
        /** HTTPS on the API port, or plain HTTP ({@link TlsSettings#NONE}). */
        TlsSettings tls,
        /** Where requests made for applications may go. */
        OutboundSettings outbound) {

    public static final int DEFAULT_PORT = 8080;
    public static final int DEFAULT_MAX_MEMBERS = 3000;
    public static final long DEFAULT_MAX_BODY_BYTES = 64 * 1024;
    public static final int DEFAULT_MAX_SESSION_BUFFER = 4096;

    public List<String> problems() {
        List<String> problems = new ArrayList<>(store.problems());
        problems.addAll(webhooks.problems());
        problems.addAll(rateLimits.problems());
        problems.addAll(voice.problems());
        problems.addAll(cors.problems());
        problems.addAll(tls.problems());
        problems.addAll(outbound.problems());
        if (port < 0 || port > 65535) {
            problems.add("port must be between 0 and 65535 (got " + port + ")");
        }
        if (maxMembersPerConversation < 1) {
            problems.add("max-members must be at least 1 (got " + maxMembersPerConversation + ")");
        }
        if (maxSessionBuffer < 16) {
            problems.add("session-buffer must be at least 16 (got " + maxSessionBuffer + ")");
        }
        if (maxBodyBytes < 1024) {
            problems.add("max-body-bytes must be at least 1024 (got " + maxBodyBytes + ")");
        }
        if (publicUrl != null && !publicUrl.isBlank() && !publicUrl.matches("^https?://[^/]+.*")) {
            problems.add("public-url must be an absolute http(s) URL (got " + publicUrl + ")");
        }
        return problems;
    }

    /** Throws with every problem listed, so a bad setting fails at start-up, not at first use. */
    public ServerConfig verify() {
        List<String> problems = problems();
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid configuration:\n  - " + String.join("\n  - ", problems));
        }
        return this;
    }

    /** Where the data lives: a JDBC URL, or SQLite under the data directory by default. */
    public record StoreConfig(Path dataDir, String dbUrl, int poolSize, Path filesDir) {
        public StoreConfig(Path dataDir, String dbUrl, int poolSize) {
            this(dataDir, dbUrl, poolSize, null);
        }

        /**
         * Where recordings are kept: {@code <data dir>/files} unless set (several nodes share one
         * directory, e.g. an NFS mount, so any node can serve any recording).
         */
        public Path files() {
            return filesDir != null ? filesDir : dataDir.resolve("files");
        }

        public String jdbcUrl() {
            return dbUrl != null && !dbUrl.isBlank()
                    ? dbUrl
                    : "jdbc:sqlite:" + dataDir.resolve("parley.db").toAbsolutePath();
        }

        List<String> problems() {
            List<String> problems = new ArrayList<>();
            String url = jdbcUrl();
            if (!url.startsWith("jdbc:sqlite:") && !url.startsWith("jdbc:postgresql:")) {
                problems.add("db-url must start with jdbc:sqlite: or jdbc:postgresql: (got " + url + ")");
            }
            if (poolSize < 1) {
                problems.add("db-pool-size must be at least 1 (got " + poolSize + ")");
            }
            return problems;
        }
    }
}
