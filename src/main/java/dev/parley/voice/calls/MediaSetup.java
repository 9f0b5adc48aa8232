package dev.parley.voice.calls;

import dev.parley.voice.media.Bridge;
import dev.parley.voice.media.DtmfReceiver;
import dev.parley.voice.media.RtpPort;
import dev.parley.voice.media.RtpPorts;
import dev.parley.voice.media.RtpSender;
import dev.parley.voice.media.RtpSocket;
import dev.parley.voice.sip.Sdp;
import java.net.InetSocketAddress;
import java.util.Locale;

/**
 * A leg's media, the same for both directions: its RTP socket, whose key presses (RFC 4733) are
 * recorded as {@code audio:dtmf} and queued for an {@code input}, and whose audio goes to the leg's
 * mixer participant once the codec is agreed. Thread-safe.
 */
final class MediaSetup {
    private final RtpPorts ports;
    private final String host;
    private final LegRecorder recorder;
    private final Bridge.Stats stats;
    private final java.util.function.BiConsumer<CallSession, Character> onKey;

    /**
     * RTP sockets take ports of {@code ports}; SDP names {@code host} (the advertised address); the
     * legs' ports add to the mixer's {@code stats}; {@code onKey} hears every key pressed (the WebSocket
     * legs of the same conversation, and recordings that end on a key), on the RTP receive thread.
     */
    MediaSetup(
            RtpPorts ports,
            String host,
            LegRecorder recorder,
            Bridge.Stats stats,
            java.util.function.BiConsumer<CallSession, Character> onKey) {
        this.ports = ports;
        this.host = host;
        this.recorder = recorder;
        this.stats = stats;
        this.onKey = onKey;
    }

    /** The address written into SDP. */
    String host() {
        return host;
    }

    /**
     * Opens the leg's RTP socket; with the peer's {@code offer} (an incoming call) the codec is agreed
     * at once, else when the answer comes ({@link #answered}).
     */
    RtpSocket open(CallSession session, Sdp offer) {
        DtmfReceiver keys = new DtmfReceiver();
        RtpSocket rtp = RtpSocket.open(
                ports, offer == null ? null : new InetSocketAddress(offer.address(), offer.port()), packet -> {
                    Integer telephoneEvent = session.media.telephoneEvent;
                    if (telephoneEvent != null && packet.payloadType() == telephoneEvent) {
                        keys.received(packet).ifPresent(key -> {
                            // Queued before an input can take it: the event lands in the conversation the
                            // leg is in when the key is pressed, not one an input's answer moves it to
                            // (that move is a later write on the same lane). This thread never waits.
                            recorder.dtmf(session, key);
                            session.ncco.digits.add(key);
                            session.ncco.wake();
                            onKey.accept(session, key);
                        });
                        return;
                    }
                    RtpPort port = session.media.rtpPort;
                    if (port != null) {
                        port.received(packet);
                    }
                });
        session.media.rtp = rtp;
        session.media.counters = rtp;
        if (offer != null) {
            agree(session, offer);
        }
        return rtp;
    }

    /** The SDP answer to Parley's offer came: media goes where it says, in the codec it chose. */
    void answered(CallSession session, Sdp answer) {
        session.media.rtp.announce(new InetSocketAddress(answer.address(), answer.port()));
        agree(session, answer);
    }

    private void agree(CallSession session, Sdp sdp) {
        session.media.telephoneEvent = sdp.telephoneEvent().orElse(null);
        RtpPort port = new RtpPort(new RtpSender(session.media.rtp, sdp.g711().orElseThrow()), stats);
        session.media.rtpPort = port;
        session.media.participant = new Bridge.Participant(session.leg.id().value(), port);
    }

    /**
     * A new offer in the call (re-INVITE): hold ({@code sendonly}/{@code inactive}), resume, or a new
     * media address. Returns Parley's answer, or null when the offer has no codec we speak (the last
     * answer stands).
     */
    byte[] reoffered(CallSession session, Sdp offer) {
        RtpSocket rtp = session.media.rtp;
        if (rtp == null || offer.g711().isEmpty()) {
            return null;
        }
        if (offer.port() > 0 && !offer.address().equals("0.0.0.0")) {
            rtp.announce(new InetSocketAddress(offer.address(), offer.port()));
        }
        rtp.hold(offer.direction().equals("sendonly") || offer.direction().equals("inactive"));
        return answerTo(session, offer);
    }

    /** Parley's SDP answer to an incoming offer: the offerer's first G.711 codec and its event type. */
    byte[] answerTo(CallSession session, Sdp offer) {
        int codec = offer.g711().orElseThrow();
        return Sdp.answer(
                host,
                session.media.rtp.local().getPort(),
                System.currentTimeMillis(),
                codec,
                offer.encoding(codec).toUpperCase(Locale.ROOT),
                offer.telephoneEvent().orElse(null),
                offer.direction());
    }
}
