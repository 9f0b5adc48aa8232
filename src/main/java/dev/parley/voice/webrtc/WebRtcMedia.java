package dev.parley.voice.webrtc;

import dev.parley.voice.media.Bridge;
import dev.parley.voice.media.ReceptionStats;
import dev.parley.voice.media.RtpPacket;
import dev.parley.voice.media.RtpPort;
import dev.parley.voice.media.RtpPorts;
import dev.parley.voice.media.RtpSender;
import dev.parley.voice.webrtc.dtls.DtlsCertificate;
import dev.parley.voice.webrtc.ice.IceCredentials;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * An App leg's audio: a {@link WebRtcTransport} carrying G.711 (PCMU when the browser offers it, else
 * PCMA) into an {@link RtpPort}, the same port SIP legs give the mixer, so a browser joins a room like
 * any other leg. Created from the browser's offer; {@link #answer} is the SDP to send back.
 */
public final class WebRtcMedia implements AutoCloseable {
    private final WebRtcTransport transport;
    private final RtpPort port;
    private final String answer;
    private final ReceptionStats reception;

    private WebRtcMedia(WebRtcTransport transport, RtpPort port, String answer, ReceptionStats reception) {
        this.transport = transport;
        this.port = port;
        this.answer = answer;
        this.reception = reception;
    }

    /** What the leg's owner hears: connected (media flows), or failed with a reason. */
    public interface Events {
        void connected();

        void failed(String reason);
    }

    /**
     * Opens the leg's transport on a port of {@code ports} and answers {@code offer}, naming {@code
     * advertised} as its address; empty when the offer has no G.711 to take (the caller then refuses
     * the offer).
     */
    public static Optional<WebRtcMedia> answer(
            RtpPorts ports,
            InetAddress advertised,
            DtlsCertificate certificate,
            BrowserOffer offer,
            Bridge.Stats stats,
            Events events)
            throws IOException {
        Optional<AnswerSdp.Codec> codec = offer.payloadType("pcmu/8000")
                .map(pt -> AnswerSdp.Codec.PCMU)
                .or(() -> offer.payloadType("pcma/8000").map(pt -> AnswerSdp.Codec.PCMA));
        if (codec.isEmpty()) {
            return Optional.empty();
        }
        IceCredentials credentials = IceCredentials.random();
        RtpPort[] port = new RtpPort[1];
        ReceptionStats reception = new ReceptionStats(codec.get().clockRate());
        WebRtcTransport transport = WebRtcTransport.open(
                ports.bind(),
                credentials,
                certificate,
                offer,
                new WebRtcTransport.Listener() {
                    @Override
                    public void connected() {
                        events.connected();
                    }

                    @Override
                    public void rtp(byte[] packet, int length) {
                        RtpPort receiving = port[0];
                        if (receiving != null) {
                            RtpPacket.parse(packet, length).ifPresent(rtp -> {
                                reception.received(rtp.sequence(), rtp.timestamp(), System.nanoTime());
                                receiving.received(rtp);
                            });
                        }
                    }

                    @Override
                    public void failed(String reason) {
                        events.failed(reason);
                    }
                },
                WebRtcTransport.HANDSHAKE_TIMEOUT);
        Consumer<RtpPacket> outlet = packet -> {
            byte[] bytes = packet.encode();
            transport.sendRtp(bytes, bytes.length);
        };
        port[0] = new RtpPort(new RtpSender(outlet::accept, codec.get().payloadType()), stats);
        InetSocketAddress local = transport.local();
        InetSocketAddress announced = new InetSocketAddress(advertised, local.getPort());
        String sdp = AnswerSdp.write(
                announced,
                credentials.ufrag(),
                credentials.password(),
                certificate.fingerprint(),
                offer.mid(),
                codec.get(),
                offer.payloadType("telephone-event/8000").orElse(null),
                port[0].sender().ssrc());
        return Optional.of(new WebRtcMedia(transport, port[0], sdp, reception));
    }

    /** The SDP answer for the browser. */
    public String answer() {
        return answer;
    }

    /** The leg's port, for the mixer. */
    public RtpPort port() {
        return port;
    }

    /** What the browser's stream looked like so far (loss, jitter). */
    public ReceptionStats reception() {
        return reception;
    }

    public WebRtcTransport transport() {
        return transport;
    }

    @Override
    public void close() {
        transport.close();
    }
}
