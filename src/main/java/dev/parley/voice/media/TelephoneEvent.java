package dev.parley.voice.media;

import java.util.Optional;

/**
 * An RFC 4733 telephone-event payload (4 bytes): the event (a DTMF key), whether it ended, its volume
 * and its duration so far in timestamp units. One key press is many packets with one RTP timestamp; the
 * end packet is sent three times.
 */
public record TelephoneEvent(int event, boolean end, int volume, int duration) {
    private static final String KEYS = "0123456789*#ABCD";

    public static Optional<TelephoneEvent> parse(byte[] payload) {
        if (payload.length < 4) {
            return Optional.empty();
        }
        return Optional.of(new TelephoneEvent(
                payload[0] & 0xFF,
                (payload[1] & 0x80) != 0,
                payload[1] & 0x3F,
                ((payload[2] & 0xFF) << 8) | (payload[3] & 0xFF)));
    }

    /** The event of a DTMF key ({@code 0-9 * # A-D}); empty for anything else. */
    public static Optional<Integer> eventOf(char key) {
        int index = KEYS.indexOf(Character.toUpperCase(key));
        return index < 0 ? Optional.empty() : Optional.of(index);
    }

    /** The DTMF key of this event, or empty for events beyond the 16 keys (flash, tones). */
    public Optional<Character> key() {
        return event < KEYS.length() ? Optional.of(KEYS.charAt(event)) : Optional.empty();
    }

    public byte[] encode() {
        return new byte[] {
            (byte) event, (byte) ((end ? 0x80 : 0) | (volume & 0x3F)), (byte) (duration >> 8), (byte) duration
        };
    }
}
