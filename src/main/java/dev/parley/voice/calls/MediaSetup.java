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
    private volatile Bridge.Stats stats = new Bridge.Stats();
    private volatile java.util.function.BiConsumer<CallSession, Character> onKey = (session, key) -> {};

    /** RTP sockets take ports of {@code ports}; SDP names {@code host} (the advertised address). */
    MediaSetup(RtpPorts ports, String host, LegRecorder recorder) {
        this.ports = ports;
        this.host = host;
        this.recorder = recorder;
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
                    Integer telephoneEvent = session.telephoneEvent;
                    if (telephoneEvent != null && packet.payloadType() == telephoneEvent) {
                        keys.received(packet).ifPresent(key -> {
                            // Recorded before an input can take it: the event lands in the conversation
                            // the leg is in when the key is pressed, not one an input's answer moves it to.
                            recorder.voice().dtmf(session.leg, key, session.dtmfSequence.incrementAndGet());
                            session.digits.add(key);
                            session.wake();
                            onKey.accept(session, key);
                        });
                        return;
                    }
                    RtpPort port = session.rtpPort;
                    if (port != null) {
                        port.received(packet);
                    }
                });
        session.rtp = rtp;
        if (offer != null) {
            agree(session, offer);
        }
        return rtp;
    }

    /** The SDP answer to Parley's offer came: media goes where it says, in the codec it chose. */
    void answered(CallSession session, Sdp answer) {
        session.rtp.announce(new InetSocketAddress(answer.address(), answer.port()));
        agree(session, answer);
    }

    private void agree(CallSession session, Sdp sdp) {
        session.telephoneEvent = sdp.telephoneEvent().orElse(null);
        RtpPort port = new RtpPort(new RtpSender(session.rtp, sdp.g711().orElseThrow()), stats);
        session.rtpPort = port;
        session.participant = new Bridge.Participant(session.leg.id().value(), port);
    }

    /** Who else hears of key presses (the WebSocket legs in the same conversation). */
    void onKey(java.util.function.BiConsumer<CallSession, Character> listener) {
        this.onKey = listener;
    }

    /** The mixer's counters the legs' ports add to. */
    void useStats(Bridge.Stats stats) {
        this.stats = stats;
    }

    /**
     * A new offer in the call (re-INVITE): hold ({@code sendonly}/{@code inactive}), resume, or a new
     * media address. Returns Parley's answer, or null when the offer has no codec we speak (the last
     * answer stands).
     */
    byte[] reoffered(CallSession session, Sdp offer) {
        RtpSocket rtp = session.rtp;
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
                session.rtp.local().getPort(),
                System.currentTimeMillis(),
                codec,
                offer.encoding(codec).toUpperCase(Locale.ROOT),
                offer.telephoneEvent().orElse(null),
                offer.direction());
    }
}
