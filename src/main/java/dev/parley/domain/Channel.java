package dev.parley.domain;

import java.util.Objects;

/**
 * How a member is connected: {@code type} ({@code app}, {@code sip}, {@code phone}, {@code websocket}
 * ...), the call leg carrying it ({@code legId}, voice channels only), and the channel document as the
 * client or the voice layer wrote it ({@code json}: its {@code from}/{@code to} endpoints take a shape
 * per type, so it is kept whole and shown as written).
 */
public record Channel(String type, String legId, String json) {
    public static final String APP = "app";

    public Channel {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(json, "json");
    }
}
