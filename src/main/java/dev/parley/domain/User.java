package dev.parley.domain;

/**
 * A user of an application. {@code propertiesJson} and {@code channelsJson} hold the client's JSON
 * objects as sent (the API layer parses them); they are never interpreted here.
 */
public record User(
        UserId id,
        String applicationId,
        String name,
        String displayName,
        String imageUrl,
        String propertiesJson,
        String channelsJson,
        long createdMs,
        Long updatedMs) {

    public UserSummary summary() {
        return new UserSummary(id, name, displayName, imageUrl, propertiesJson);
    }
}
