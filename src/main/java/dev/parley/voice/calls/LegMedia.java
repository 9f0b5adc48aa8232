package dev.parley.voice.calls;

import dev.parley.voice.media.Bridge;
import dev.parley.voice.media.MediaCounters;
import dev.parley.voice.media.ReceptionStats;
import dev.parley.voice.media.RtpPort;
import dev.parley.voice.media.RtpSocket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A running leg's media: its RTP socket and port, its participant in the mixer and the room it is in.
 * Every field is read by any thread (volatile). The socket, port and payload type are written once by
 * the thread that answers the call (MediaSetup), the participant by the same or the WebSocket dialler;
 * the room is changed by {@link Rooms} under this object's monitor (a leg is moved by its own NCCO
 * thread and by another leg's transfer), {@code endOnExit} by its NCCO's {@code conversation}. The
 * mixer and RTP threads only read, and never take the monitor. Thread-safe.
 */
final class LegMedia {
    volatile RtpSocket rtp;
    /** What the leg's media socket carried (its RTP socket, or an App leg's SRTP transport). */
    volatile MediaCounters counters;
    /** The loss and jitter of what the leg receives, where measured (App legs). */
    volatile ReceptionStats reception;
    /** The leg's RTP media port (its jitter buffer and sender), once the codec is agreed. */
    volatile RtpPort rtpPort;
    /** The leg in the mixer: every frame it hears leaves through here. */
    volatile Bridge.Participant participant;
    /** The mixer room the leg is in (its conversation's id). */
    volatile String room;
    /** The payload type the peer agreed for RFC 4733 events, or null when it takes none. */
    volatile Integer telephoneEvent;
    /** The leg's conversation ends when it leaves ({@code endOnExit}). */
    volatile boolean endOnExit;
    /** The number of the leg's last key press ({@code dtmf_seq}); counted on its RTP receive thread. */
    final AtomicInteger dtmfSequence = new AtomicInteger();
}
