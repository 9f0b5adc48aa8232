package dev.parley.domain;

/** The Vonage error codes and details Parley raises, in one place so wording stays consistent. */
public final class Errors {
    private Errors() {}

    public static DomainException.NotFound conversationNotFound() {
        return new DomainException.NotFound(
                ErrorCode.CONVERSATION_NOT_FOUND, "Conversation does not exist, or you do not have access.");
    }

    public static DomainException.NotFound memberNotFound() {
        return new DomainException.NotFound(
                ErrorCode.CONVERSATION_MEMBER_NOT_FOUND, "Member does not exist, or you do not have access.");
    }

    public static DomainException.NotFound userNotFound() {
        return new DomainException.NotFound(
                ErrorCode.USER_NOT_FOUND, "User does not exist, or you do not have access.");
    }

    public static DomainException.NotFound eventNotFound() {
        return new DomainException.NotFound(
                ErrorCode.EVENT_NOT_FOUND, "Event does not exist, or you do not have access.");
    }

    public static DomainException.Forbidden permission(String detail) {
        return new DomainException.Forbidden(ErrorCode.SYSTEM_PERMISSION, detail);
    }
}
