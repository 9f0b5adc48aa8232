package dev.parley.domain;

import java.util.List;

/**
 * A rule was broken. Carries the Vonage error {@code code} and an HTTP status; the API edge renders it
 * as the Vonage error body. Subclasses name the kind of failure so callers never pick numbers.
 */
public class DomainException extends RuntimeException {
    private final int status;
    private final String code;
    private final List<InvalidParameter> invalidParameters;

    protected DomainException(int status, ErrorCode code, String detail, List<InvalidParameter> invalid) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code.code();
        this.invalidParameters = List.copyOf(invalid);
    }

    protected DomainException(int status, ErrorCode code, String detail) {
        this(status, code, detail, List.of());
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String detail() {
        return getMessage();
    }

    public List<InvalidParameter> invalidParameters() {
        return invalidParameters;
    }

    /** One bad field of a request, reported Joi-style as the hosted service does. */
    public record InvalidParameter(String name, String reason) {}

    public static final class NotFound extends DomainException {
        public NotFound(ErrorCode code, String detail) {
            super(404, code, detail);
        }
    }

    public static final class Conflict extends DomainException {
        public Conflict(ErrorCode code, String detail) {
            super(409, code, detail);
        }
    }

    public static final class Forbidden extends DomainException {
        public Forbidden(ErrorCode code, String detail) {
            super(403, code, detail);
        }
    }

    public static final class Unauthorized extends DomainException {
        public Unauthorized(ErrorCode code, String detail) {
            super(401, code, detail);
        }
    }

    /** A request that breaks a rule of the resource's state (400 with a specific code). */
    public static final class Rejected extends DomainException {
        public Rejected(ErrorCode code, String detail) {
            super(400, code, detail);
        }
    }

    /** Too much at once from one caller (429 {@code http:error:too-many-request}), beyond the rate limits. */
    public static final class TooMany extends DomainException {
        public TooMany(String detail) {
            super(429, ErrorCode.HTTP_TOO_MANY_REQUEST, detail);
        }
    }

    /** Input validation failure: 400 {@code http:error:validation-fail} naming every bad field. */
    public static final class Invalid extends DomainException {
        public Invalid(List<InvalidParameter> invalid) {
            super(400, ErrorCode.HTTP_VALIDATION_FAIL, "Input validation failure.", invalid);
        }

        public static Invalid of(String name, String reason) {
            return new Invalid(List.of(new InvalidParameter(name, reason)));
        }
    }
}
