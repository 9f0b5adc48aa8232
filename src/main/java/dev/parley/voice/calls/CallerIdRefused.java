package dev.parley.voice.calls;

/**
 * A call that may not leave as asked, because of {@code field} of the request ({@code from} that is
 * not the application's, {@code to} aimed at a trunk it has no numbers on): a 400 naming the field for
 * {@code POST /v1/calls}, an {@code error} event for an NCCO. Raised before anything is sent.
 */
final class CallerIdRefused extends Exception {
    private final String field;

    CallerIdRefused(String field, String reason) {
        super(reason, null, false, false);
        this.field = field;
    }

    String field() {
        return field;
    }
}
