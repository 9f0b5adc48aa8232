package dev.parley.voice.media;

import java.util.concurrent.ThreadLocalRandom;

/**
 * One leg's outgoing G.711 stream: one SSRC, running sequence numbers and timestamps, whoever sends
 * (the mixer's frames and DTMF events). Thread-safe: frames are numbered in the order they are sent.
 */
public final class RtpSender {
    public static final int SAMPLES_PER_FRAME = 160;

    private final RtpOutlet socket;
    private final int payloadType;
    private final long ssrc;
    private int sequence = ThreadLocalRandom.current().nextInt(1 << 16);
    private long timestamp = ThreadLocalRandom.current().nextLong(1L << 32);
    private boolean first = true;

    /** {@code payloadType}: 0 for μ-law (PCMU), 8 for A-law (PCMA). */
    public RtpSender(RtpOutlet socket, int payloadType) {
        this(socket, payloadType, ThreadLocalRandom.current().nextLong(1L << 32));
    }

    /** As {@link #RtpSender(RtpOutlet, int)}, with the SSRC an SDP announced already. */
    public RtpSender(RtpOutlet socket, int payloadType, long ssrc) {
        if (payloadType != 0 && payloadType != 8) {
            throw new IllegalArgumentException("G.711 only: payload type 0 or 8");
        }
        this.socket = socket;
        this.payloadType = payloadType;
        this.ssrc = ssrc;
    }

    public int payloadType() {
        return payloadType;
    }

    /** The stream's SSRC (a WebRTC answer names it). */
    public long ssrc() {
        return ssrc;
    }

    /** Sends one 20 ms frame (160 samples at 8 kHz, missing ones silent), clipped to 16 bits, encoded. */
    public synchronized void send(int[] frame) {
        byte[] payload = new byte[SAMPLES_PER_FRAME];
        for (int i = 0; i < SAMPLES_PER_FRAME; i++) {
            int sample = i < frame.length ? frame[i] : 0;
            short clipped = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, sample));
            payload[i] = payloadType == 0 ? G711.linearToUlaw(clipped) : G711.linearToAlaw(clipped);
        }
        socket.send(new RtpPacket(first, payloadType, sequence, timestamp, ssrc, payload));
        first = false;
        sequence = (sequence + 1) & 0xFFFF;
        timestamp = (timestamp + SAMPLES_PER_FRAME) & 0xFFFFFFFFL;
    }

    /**
     * Sends one RFC 4733 event packet: the next sequence number, the event's own start timestamp
     * ({@code eventStart}, the same for all its packets), the marker on its first.
     */
    public synchronized void sendEvent(int eventPayloadType, byte[] payload, boolean marker, long eventStart) {
        socket.send(new RtpPacket(marker, eventPayloadType, sequence, eventStart, ssrc, payload));
        sequence = (sequence + 1) & 0xFFFF;
    }

    /** The timestamp the next audio frame will carry (an event starting now takes it). */
    public synchronized long nextTimestamp() {
        return timestamp;
    }

    /** Decodes one received G.711 payload of this stream's type into samples. */
    public static short[] decode(int payloadType, byte[] payload) {
        short[] samples = new short[payload.length];
        for (int i = 0; i < payload.length; i++) {
            samples[i] = payloadType == 0 ? G711.ulawToLinear(payload[i]) : G711.alawToLinear(payload[i]);
        }
        return samples;
    }
}
