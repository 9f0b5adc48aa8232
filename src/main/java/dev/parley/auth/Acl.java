package dev.parley.auth;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The {@code acl.paths} of a token. Each pattern is matched against the full request path, version
 * segment included: {@code *} stands for one segment, {@code **} for all the rest (zero or more
 * segments). A token without {@code acl} may use every path. A pattern under {@code /v1/} also covers
 * the same rest under the API's earlier versions ({@link #EARLIER_VERSIONS}): the 2019 ACL
 * documentation wrote {@code /v1/...} paths for SDKs that called {@code /beta}, and the hosted service
 * let such tokens drive them (docs/DECISIONS.md). Immutable and thread-safe.
 */
public final class Acl {
    private static final Acl ALLOW_ALL = new Acl(null);

    private final List<Pattern> patterns;

    private Acl(List<Pattern> patterns) {
        this.patterns = patterns;
    }

    public static Acl allowAll() {
        return ALLOW_ALL;
    }

    /** The versions a {@code /v1/...} pattern also covers, for the same resources. */
    static final List<String> EARLIER_VERSIONS = List.of("/beta", "/beta2", "/v0.1", "/v0.3");

    public static Acl of(List<String> pathPatterns) {
        return new Acl(pathPatterns.stream()
                .flatMap(p -> p.startsWith("/v1/")
                        ? java.util.stream.Stream.concat(
                                java.util.stream.Stream.of(p),
                                EARLIER_VERSIONS.stream().map(v -> v + p.substring("/v1".length())))
                        : java.util.stream.Stream.of(p))
                .map(Acl::compile)
                .toList());
    }

    public boolean allows(String path) {
        if (patterns == null) {
            return true;
        }
        String normalized = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return patterns.stream().anyMatch(p -> p.matcher(normalized).matches());
    }

    static Pattern compile(String pattern) {
        StringBuilder regex = new StringBuilder("^");
        String[] segments = pattern.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            if (i == 0 && segment.isEmpty()) {
                continue;
            }
            if (segment.equals("**")) {
                // "/**" also matches nothing at all, so /*/conversations/** covers /v1/conversations.
                regex.append("(/.*)?");
                continue;
            }
            regex.append('/');
            if (segment.equals("*")) {
                regex.append("[^/]+");
            } else {
                for (String part : segment.split("\\*", -1)) {
                    regex.append(Pattern.quote(part)).append("[^/]*");
                }
                regex.setLength(regex.length() - "[^/]*".length());
            }
        }
        return Pattern.compile(regex.append('$').toString());
    }
}
