package dev.parley.domain;

import java.util.Objects;

/**
 * A member's media state: whether an audio connection is possible ({@code audio}) and its audio
 * settings ({@code enabled}, {@code muted}, {@code earmuffed}), each null when never given; {@code json}
 * is the document as written, which is what the API shows.
 */
public record Media(Boolean audio, Boolean audioEnabled, Boolean muted, Boolean earmuffed, String json) {
    public Media {
        Objects.requireNonNull(json, "json");
    }
}
