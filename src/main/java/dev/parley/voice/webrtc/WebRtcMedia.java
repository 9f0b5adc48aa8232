package dev.parley.voice.webrtc;

import dev.parley.voice.media.Bridge;
import dev.parley.voice.media.LibOpus;
import dev.parley.voice.media.MediaPort;
import dev.parley.voice.media.OpusPort;
import dev.parley.voice.media.ReceptionStats;
import dev.parley.voice.media.RtpOutlet;
import dev.parley.voice.media.RtpPacket;
import dev.parley.voice.media.RtpPort;
import dev.parley.voice.media.RtpPorts;
import dev.parley.voice.media.RtpSender;
import dev.parley.voice.webrtc.dtls.DtlsCertificate;
import dev.parley.voice.webrtc.ice.IceCredentials;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.Optional;

/**
 * An App leg's audio: a {@link WebRtcTransport} carrying Opus (whenever the browser offers it and
 * libopus is there: an {@link OpusPort}, wideband) or G.711 (PCMU, else PCMA: an {@link RtpPort}, the
 * same port SIP legs give the mixer), so a browser joins a room like any other leg. Made from the browser's offer ({@link #answer}: the SDP to send back is {@link #sdp}),
 * or as Parley's own offer for a call to a browser ({@link #offer}; its port exists once {@link
 * #answered} took the browser's answer). Thread-safe.
 */
public final class WebRtcMedia implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Bridge.Stats stats;
    private final long ssrc = RANDOM.nextInt() & 0xFFFF_FFFFL;
    private volatile WebRtcTransport transport;
    private volatile String sdp;
    private volatile MediaPort port;
    /** Where the browser's RTP goes: the port's own receive. */
    private volatile java.util.function.Consumer<RtpPacket> receiver;

    private volatile ReceptionStats reception = new ReceptionStats(8_000);

    private WebRtcMedia(Bridge.Stats stats) {
        this.stats = stats;
    }

    /** Sends every App leg's RTCP receiver reports (docs/THREADS.md). */
    private static final java.util.concurrent.ScheduledExecutorService REPORTS =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
                    Thread.ofPlatform().name("parley-rtcp").daemon().factory());

    private volatile java.util.concurrent.ScheduledFuture<?> reporting;
    private volatile boolean closed;

    /** What the leg's owner hears: connected (media flows), or failed with a reason. */
    /**
     * Packets of the browser's audio after which it counts as flowing: half a second. The legacy SDK
     * reads {@code member:media} for its call only once its own connection is up, and a browser
     * sends its first packet the moment it is: the event must not overtake that.
     */
    static final int FLOWING_AFTER = 25;

    public interface Events {
        /** ICE and DTLS are done. */
        void connected();

        /**
         * The browser's audio flows: {@link #FLOWING_AFTER} authentic RTP packets (half a second) have
         * arrived, so the browser has long since seen its own connection up (once per media).
         */
        default void audioFlowing() {}

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
        Optional<ParleySdp.Codec> codec = codecOf(offer, LibOpus.available());
        if (codec.isEmpty()) {
            return Optional.empty();
        }
        IceCredentials credentials = IceCredentials.random();
        WebRtcMedia media = new WebRtcMedia(stats);
        media.speak(codec.get());
        media.transport = WebRtcTransport.open(
                ports.bind(),
                credentials,
                certificate,
                offer,
                media.listener(events),
                WebRtcTransport.HANDSHAKE_TIMEOUT);
        media.sdp = ParleySdp.answer(
                media.announced(advertised),
                credentials.ufrag(),
                credentials.password(),
                certificate.fingerprint(),
                offer.mid(),
                codec.get(),
                offer.payloadType("telephone-event/8000").orElse(null),
                media.ssrc);
        return Optional.of(media);
    }

    /**
     * Opens a transport on a port of {@code ports} for a call Parley places to a browser; {@link #sdp}
     * is Parley's offer. Media flows once {@link #answered} has the browser's answer.
     */
    public static WebRtcMedia offer(
            RtpPorts ports, InetAddress advertised, DtlsCertificate certificate, Bridge.Stats stats, Events events)
            throws IOException {
        IceCredentials credentials = IceCredentials.random();
        WebRtcMedia media = new WebRtcMedia(stats);
        media.transport = WebRtcTransport.offering(
                ports.bind(), credentials, certificate, media.listener(events), WebRtcTransport.HANDSHAKE_TIMEOUT);
        media.sdp = ParleySdp.offer(
                media.announced(advertised),
                credentials.ufrag(),
                credentials.password(),
                certificate.fingerprint(),
                media.ssrc,
                LibOpus.available());
        return media;
    }

    /**
     * The browser's answer to {@link #offer}: the codec it chose, its ICE ufrag and fingerprint. False
     * when it is no usable answer (no G.711, no credentials, or it would make Parley the DTLS client).
     */
    public boolean answered(String answerSdp) {
        Optional<BrowserOffer> answer = BrowserOffer.parse(answerSdp);
        Optional<ParleySdp.Codec> codec = answer.flatMap(sdp -> codecOf(sdp, LibOpus.available()));
        if (codec.isEmpty() || port != null) {
            return false;
        }
        speak(codec.get());
        return transport.answered(answer.get());
    }

    /** The codec to speak: Opus when offered (and {@code opus} allowed), else PCMU, else PCMA. */
    private static Optional<ParleySdp.Codec> codecOf(BrowserOffer sdp, boolean opus) {
        Optional<ParleySdp.Codec> wideband =
                opus ? sdp.payloadType("opus/48000").map(ParleySdp.Codec::opus) : Optional.empty();
        return wideband.or(() -> g711(sdp));
    }

    private static Optional<ParleySdp.Codec> g711(BrowserOffer sdp) {
        return sdp.payloadType("pcmu/8000")
                .map(pt -> ParleySdp.Codec.PCMU)
                .or(() -> sdp.payloadType("pcma/8000").map(pt -> ParleySdp.Codec.PCMA));
    }

    /** The codec is agreed: the mixer's port sends in it, and what comes in is measured at its clock. */
    private void speak(ParleySdp.Codec codec) {
        reception = new ReceptionStats(codec.clockRate());
        RtpOutlet outlet = packet -> {
            byte[] bytes = packet.encode();
            transport.sendRtp(bytes, bytes.length);
        };
        if (codec.isOpus()) {
            OpusPort opus = new OpusPort(outlet, codec.payloadType(), ssrc, stats);
            receiver = opus::received;
            port = opus;
        } else {
            RtpPort g711 = new RtpPort(new RtpSender(outlet, codec.payloadType(), ssrc), stats);
            receiver = g711::received;
            port = g711;
        }
    }

    private InetSocketAddress announced(InetAddress advertised) {
        return new InetSocketAddress(advertised, transport.local().getPort());
    }

    private WebRtcTransport.Listener listener(Events events) {
        return new WebRtcTransport.Listener() {
            @Override
            public void connected() {
                reporting = REPORTS.scheduleAtFixedRate(
                        () -> {
                            try {
                                sendReport();
                            } catch (RuntimeException e) {
                                // a report is lost: the next one says it all again
                            }
                        },
                        1,
                        2,
                        java.util.concurrent.TimeUnit.SECONDS);
                if (closed) {
                    reporting.cancel(false); // closed while the handshake finished
                }
                events.connected();
            }

            private int received; // the transport's receiving thread only

            @Override
            public void rtp(byte[] packet, int length) {
                if (received < FLOWING_AFTER && ++received == FLOWING_AFTER) {
                    events.audioFlowing();
                }
                java.util.function.Consumer<RtpPacket> receiving = receiver;
                if (receiving != null) {
                    ReceptionStats measured = reception;
                    RtpPacket.parse(packet, length).ifPresent(rtp -> {
                        measured.received(rtp.ssrc(), rtp.sequence(), rtp.timestamp(), System.nanoTime());
                        receiving.accept(rtp);
                    });
                }
            }

            @Override
            public void rtcp(byte[] packet) {
                readReports(packet);
            }

            @Override
            public void failed(String reason) {
                events.failed(reason);
            }
        };
    }

    /** Reads a compound RTCP packet: a sender report's NTP time is kept for the LSR of ours. */
    private void readReports(byte[] packet) {
        int at = 0;
        while (at + 4 <= packet.length) {
            int type = packet[at + 1] & 0xFF;
            int words = ((packet[at + 2] & 0xFF) << 8) | (packet[at + 3] & 0xFF);
            if (type == 200 && at + 16 <= packet.length) { // SR: SSRC, then the 64-bit NTP time
                long ntp = java.nio.ByteBuffer.wrap(packet, at + 8, 8).getLong();
                reception.senderReport(ntp, System.nanoTime());
            }
            at += 4 * (words + 1);
        }
    }

    /**
     * Sends the browser a receiver report on what it sends (RFC 3550: loss, jitter, and LSR/DLSR, from
     * which it learns the round trip), with the SDES CNAME a compound packet carries. Every 2 s (RFC
     * 4585's AVPF, which WebRTC uses, allows reports more often than RFC 3550's 5 s minimum).
     */
    private void sendReport() {
        byte[] block = reception.reportBlock(System.nanoTime());
        int blocks = block == null ? 0 : 1;
        java.nio.ByteBuffer report = java.nio.ByteBuffer.allocate(8 + 24 * blocks + 20);
        report.put((byte) (0x80 | blocks))
                .put((byte) 201)
                .putShort((short) (1 + 6 * blocks))
                .putInt((int) ssrc);
        if (block != null) {
            report.put(block);
        }
        // SDES: one chunk, CNAME "parley", ended and padded to a word
        report.put((byte) 0x81).put((byte) 202).putShort((short) 4).putInt((int) ssrc);
        report.put((byte) 1).put((byte) 6).put("parley".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        report.put(new byte[4]);
        byte[] bytes = report.array();
        transport.sendRtcp(bytes, bytes.length);
    }

    /** Parley's SDP: the answer to the browser's offer, or Parley's own offer. */
    public String sdp() {
        return sdp;
    }

    /** The leg's port, for the mixer; null while an offered leg has no answer. */
    public MediaPort port() {
        return port;
    }

    /** What the browser's stream looked like so far (loss, jitter). */
    public ReceptionStats reception() {
        return reception;
    }

    public WebRtcTransport transport() {
        return transport;
    }

    /** The codec the leg speaks ({@code opus}, {@code PCMU}, {@code PCMA}), or null before it is agreed. */
    public String codec() {
        MediaPort speaking = port;
        return speaking == null
                ? null
                : speaking instanceof OpusPort
                        ? "opus"
                        : ((RtpPort) speaking).sender().payloadType() == 0 ? "PCMU" : "PCMA";
    }

    @Override
    public void close() {
        closed = true;
        var scheduled = reporting;
        if (scheduled != null) {
            scheduled.cancel(false);
        }
        transport.close();
        if (port instanceof OpusPort opus) {
            opus.close(); // its native codec state
        }
    }
}
