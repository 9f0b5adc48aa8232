package dev.parley.domain;

/**
 * Every error code Parley answers with, in one place: the Vonage {@code <resource>:error:<reason>}
 * codes of the hosted service (and {@code http:}/{@code system:} ones for failures before a
 * resource is reached). Each becomes the error body's {@code code} and its {@code type} link.
 */
public enum ErrorCode {
    // application
    APPLICATION_NOT_FOUND("application:error:not-found"),

    // call (the Voice API's legs)
    CALL_ACTION_NOT_SUPPORTED("call:error:action-not-supported"),
    CALL_NOT_ACTIVE("call:error:not-active"),
    CALL_NOT_FOUND("call:error:not-found"),

    // conversation
    CONVERSATION_DUPLICATE_NAME("conversation:error:duplicate-name"),
    CONVERSATION_INVALID_MEMBER_STATE("conversation:error:invalid-member-state"),
    CONVERSATION_MAXIMUM_NUMBER_OF_MEMBERS("conversation:error:maximum-number-of-members"),
    CONVERSATION_MEMBER_ALREADY_INVITED("conversation:error:member-already-invited"),
    CONVERSATION_MEMBER_ALREADY_JOINED("conversation:error:member-already-joined"),
    CONVERSATION_MEMBER_NOT_FOUND("conversation:error:member-not-found"),
    CONVERSATION_MEMBER_PERMISSION_DENIED("conversation:error:member:permission-denied"),
    CONVERSATION_NOT_FOUND("conversation:error:not-found"),

    // event
    EVENT_DELETE_NOT_ALLOWED("event:error:delete-not-allowed"),
    EVENT_NOT_FOUND("event:error:not-found"),
    EVENT_NOT_JOINED("event:error:not-joined"),
    EVENT_PERMISSION_DENIED("event:error:permission-denied"),

    // http
    HTTP_METHOD_NOT_ALLOWED("http:error:method-not-allowed"),
    HTTP_NOT_FOUND("http:error:not-found"),
    HTTP_REQUEST_TOO_LARGE("http:error:request-too-large"),
    HTTP_TOO_MANY_REQUEST("http:error:too-many-request"),
    HTTP_UNSUPPORTED_MEDIA_TYPE("http:error:unsupported-media-type"),
    HTTP_VALIDATION_FAIL("http:error:validation-fail"),

    // paginator-builder
    PAGINATOR_BUILDER_INVALID_CURSOR("paginator-builder:error:invalid-cursor"),

    // session
    SESSION_INTERNAL("session:error:internal"),
    SESSION_INVALID("session:error:invalid"),
    SESSION_NOT_FOUND("session:error:not-found"),

    // sip-domain
    SIP_DOMAIN_DUPLICATE_NAME("sip-domain:error:duplicate-name"),
    SIP_DOMAIN_NOT_FOUND("sip-domain:error:not-found"),
    SIP_CREDENTIAL_NOT_FOUND("sip-credential:error:not-found"),
    TRUNK_DUPLICATE_NAME("trunk:error:duplicate-name"),
    TRUNK_NOT_FOUND("trunk:error:not-found"),
    TRUNK_IN_USE("trunk:error:in-use"),
    NUMBER_ALREADY_LINKED("number:error:already-linked"),
    NUMBER_NOT_FOUND("number:error:not-found"),
    FILE_NOT_FOUND("file:error:not-found"),

    // system
    SYSTEM_EXPIRED_TOKEN("system:error:expired-token"),
    SYSTEM_INTERNAL_ERROR("system:error:internal-error"),
    SYSTEM_INVALID_TOKEN("system:error:invalid-token"),
    SYSTEM_MISSING_TOKEN("system:error:missing-token"),
    SYSTEM_PERMISSION("system:error:permission"),

    // user
    USER_DUPLICATE_NAME("user:error:duplicate-name"),
    USER_INVALID_STATE_LOOKUP("user:error:invalid-state-lookup"),
    USER_INVALID_USER("user:error:invalid-user"),
    USER_INVALID_USER_NAME("user:error:invalid-user-name"),
    USER_INVALID_USER_TOKEN("user:error:invalid-user-token"),
    USER_NOT_FOUND("user:error:not-found");

    private final String code;

    ErrorCode(String code) {
        this.code = code;
    }

    /** The wire spelling, e.g. {@code conversation:error:not-found}. */
    public String code() {
        return code;
    }

    @Override
    public String toString() {
        return code;
    }
}
