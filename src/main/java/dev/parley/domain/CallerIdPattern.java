package dev.parley.domain;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A caller id an operator lets a trunk present besides its linked numbers: E.164 digits, exactly
 * ({@code 14155550100}) or as a block with a trailing {@code *} for any further digits ({@code
 * 4420794600*}). No other wildcard: a pattern is a number or a prefix, so what it allows is plain to
 * read. Immutable.
 */
public record CallerIdPattern(String digits, boolean block) {
    private static final Pattern EXACT = Pattern.compile("[1-9][0-9]{6,14}");
    private static final Pattern PREFIX = Pattern.compile("[1-9][0-9]{0,13}");

    /** {@code text} as a pattern ({@code +} and spaces allowed), or empty when it is none. */
    public static Optional<CallerIdPattern> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String compact = text.strip().replace(" ", "");
        if (compact.startsWith("+")) {
            compact = compact.substring(1);
        }
        if (compact.endsWith("*")) {
            String prefix = compact.substring(0, compact.length() - 1);
            return PREFIX.matcher(prefix).matches() ? Optional.of(new CallerIdPattern(prefix, true)) : Optional.empty();
        }
        return EXACT.matcher(compact).matches() ? Optional.of(new CallerIdPattern(compact, false)) : Optional.empty();
    }

    /** Whether {@code number} (E.164 digits) is this caller id, or in this block. */
    public boolean matches(String number) {
        return block ? number.startsWith(digits) && number.length() <= 15 : number.equals(digits);
    }

    @Override
    public String toString() {
        return block ? digits + "*" : digits;
    }
}
