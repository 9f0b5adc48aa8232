package dev.parley.voice.media;

import java.util.Optional;

/**
 * Turns one leg's telephone-event packets into key presses: a press is reported once, on its first
 * packet (so a lost end packet loses nothing), and its repeated and end packets, which share its RTP
 * timestamp, are ignored. Not thread-safe: one per leg, fed in packet order.
 */
public final class DtmfReceiver {
    private long lastTimestamp = -1;

    /** The key a packet starts, if it starts one. */
    public Optional<Character> received(RtpPacket packet) {
        if (packet.timestamp() == lastTimestamp) {
            return Optional.empty();
        }
        Optional<TelephoneEvent> event = TelephoneEvent.parse(packet.payload());
        if (event.isEmpty()) {
            return Optional.empty();
        }
        lastTimestamp = packet.timestamp();
        return event.get().key();
    }
}
