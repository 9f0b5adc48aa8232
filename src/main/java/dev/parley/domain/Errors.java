package dev.parley.domain;

/** The Vonage error codes and details Parley raises, in one place so wording stays consistent. */
public final class Errors {
    private Errors() {}

    public static DomainException.NotFound conversationNotFound() {
        return new DomainException.NotFound(
                "conversation:error:not-found", "Conversation does not exist, or you do not have access.");
    }

    public static DomainException.NotFound memberNotFound() {
        return new DomainException.NotFound(
                "conversation:error:member-not-found", "Member does not exist, or you do not have access.");
    }

    public static DomainException.NotFound userNotFound() {
        return new DomainException.NotFound("user:error:not-found", "User does not exist, or you do not have access.");
    }

    public static DomainException.NotFound eventNotFound() {
        return new DomainException.NotFound(
                "event:error:not-found", "Event does not exist, or you do not have access.");
    }

    public static DomainException.Forbidden permission(String detail) {
        return new DomainException.Forbidden("system:error:permission", detail);
    }
}
