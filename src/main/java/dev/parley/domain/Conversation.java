package dev.parley.domain;

/**
 * A conversation. {@code sequenceNumber} is the id of its last event; event ids are 1, 2, 3 ... with
 * no gaps. JSON-valued fields are kept as the client sent them. {@code creatorUserId} is the user who
 * created it with a user token (null for admin tokens).
 */
public record Conversation(
        ConversationId id,
        String applicationId,
        String name,
        String displayName,
        String imageUrl,
        String state,
        long sequenceNumber,
        String propertiesJson,
        String numbersJson,
        String callbackJson,
        long createdMs,
        Long updatedMs,
        UserId creatorUserId) {

    /** A new, empty, active conversation of {@code applicationId} created at {@code atMs}. */
    public static Builder created(ConversationId id, String applicationId, long atMs) {
        return builder().id(id).applicationId(applicationId).state("ACTIVE").createdMs(atMs);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return builder()
                .id(id)
                .applicationId(applicationId)
                .name(name)
                .displayName(displayName)
                .imageUrl(imageUrl)
                .state(state)
                .sequenceNumber(sequenceNumber)
                .propertiesJson(propertiesJson)
                .numbersJson(numbersJson)
                .callbackJson(callbackJson)
                .createdMs(createdMs)
                .updatedMs(updatedMs)
                .creatorUserId(creatorUserId);
    }

    /** Named fields instead of thirteen positional ones. */
    public static final class Builder {
        private ConversationId id;
        private String applicationId;
        private String name;
        private String displayName;
        private String imageUrl;
        private String state;
        private long sequenceNumber;
        private String propertiesJson;
        private String numbersJson;
        private String callbackJson;
        private long createdMs;
        private Long updatedMs;
        private UserId creatorUserId;

        private Builder() {}

        public Builder id(ConversationId id) {
            this.id = id;
            return this;
        }

        public Builder applicationId(String applicationId) {
            this.applicationId = applicationId;
            return this;
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder displayName(String displayName) {
            this.displayName = displayName;
            return this;
        }

        public Builder imageUrl(String imageUrl) {
            this.imageUrl = imageUrl;
            return this;
        }

        public Builder state(String state) {
            this.state = state;
            return this;
        }

        public Builder sequenceNumber(long sequenceNumber) {
            this.sequenceNumber = sequenceNumber;
            return this;
        }

        public Builder propertiesJson(String propertiesJson) {
            this.propertiesJson = propertiesJson;
            return this;
        }

        public Builder numbersJson(String numbersJson) {
            this.numbersJson = numbersJson;
            return this;
        }

        public Builder callbackJson(String callbackJson) {
            this.callbackJson = callbackJson;
            return this;
        }

        public Builder createdMs(long createdMs) {
            this.createdMs = createdMs;
            return this;
        }

        public Builder updatedMs(Long updatedMs) {
            this.updatedMs = updatedMs;
            return this;
        }

        public Builder creatorUserId(UserId creatorUserId) {
            this.creatorUserId = creatorUserId;
            return this;
        }

        public Conversation build() {
            return new Conversation(
                    id,
                    applicationId,
                    name,
                    displayName,
                    imageUrl,
                    state,
                    sequenceNumber,
                    propertiesJson,
                    numbersJson,
                    callbackJson,
                    createdMs,
                    updatedMs,
                    creatorUserId);
        }
    }
}
