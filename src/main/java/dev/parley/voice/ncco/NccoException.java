package dev.parley.voice.ncco;

/**
 * An NCCO Parley cannot run: the reason names the action and field, e.g. {@code ncco[1] (talk): "text"
 * is required}. The call then gets an {@code error} event with this reason, never a 500.
 */
public final class NccoException extends Exception {
    public NccoException(String reason) {
        super(reason, null, false, false);
    }
}
