package dev.parley.wire;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The one timestamp format Parley sends: ISO-8601 UTC with milliseconds and {@code Z}. */
public final class Timestamps {
    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private Timestamps() {}

    public static String format(long epochMs) {
        return FORMAT.format(Instant.ofEpochMilli(epochMs));
    }

    public static String formatNullable(Long epochMs) {
        return epochMs == null ? null : format(epochMs);
    }
}
