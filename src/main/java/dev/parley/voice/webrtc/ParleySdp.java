package dev.parley.voice.webrtc;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * Parley's SDP for one WebRTC audio leg (RFC 8829, RFC 8839, RFC 8842): ICE-lite with one host
 * candidate, the certificate fingerprint, rtcp-mux and BUNDLE on one mid. An answer takes the
 * browser's mid, one codec (with telephone-event when the browser offered it) and {@code
 * setup:passive} (Parley is the DTLS server); an offer (a call to an App user) lists every codec Parley
 * takes with {@code setup:actpass}, as RFC 5763 requires of an offerer, and the browser answers
 * {@code active}.
 */
public final class ParleySdp {
    private ParleySdp() {}

    /** A codec Parley speaks: its payload type, rtpmap name, clock and channels, and its fmtp (or null). */
    public record Codec(int payloadType, String name, int clockRate, int channels, String fmtp) {
        public static final Codec PCMU = new Codec(0, "PCMU", 8_000, 1, null);
        public static final Codec PCMA = new Codec(8, "PCMA", 8_000, 1, null);
        /** The payload type Parley offers Opus on (Chrome's own choice). */
        public static final int OPUS_PAYLOAD_TYPE = 111;

        /**
         * Opus (RFC 7587) on {@code payloadType}: 48 kHz and two channels on the wire, as the RFC fixes,
         * while the fmtp says Parley plays and captures wideband (16 kHz) mono speech, with in-band FEC.
         */
        public static Codec opus(int payloadType) {
            return new Codec(
                    payloadType,
                    "opus",
                    48_000,
                    2,
                    "minptime=10;useinbandfec=1;maxplaybackrate=16000;sprop-maxcapturerate=16000");
        }

        public boolean isOpus() {
            return name.equals("opus");
        }
    }

    /** The telephone-event payload type Parley offers. */
    public static final int TELEPHONE_EVENT = 126;

    /** The answer to a browser's offer: one codec, {@code setup:passive}. */
    public static String answer(
            InetSocketAddress address,
            String iceUfrag,
            String icePassword,
            String fingerprint,
            String mid,
            Codec codec,
            Integer telephoneEvent,
            long ssrc) {
        return write(address, iceUfrag, icePassword, fingerprint, mid, List.of(codec), telephoneEvent, "passive", ssrc);
    }

    /**
     * Parley's offer for a call to a browser: Opus first (when {@code opus}), PCMU, PCMA and
     * telephone-event, {@code setup:actpass}.
     */
    public static String offer(
            InetSocketAddress address,
            String iceUfrag,
            String icePassword,
            String fingerprint,
            long ssrc,
            boolean opus) {
        return write(
                address,
                iceUfrag,
                icePassword,
                fingerprint,
                "0",
                opus
                        ? List.of(Codec.opus(Codec.OPUS_PAYLOAD_TYPE), Codec.PCMU, Codec.PCMA)
                        : List.of(Codec.PCMU, Codec.PCMA),
                TELEPHONE_EVENT,
                "actpass",
                ssrc);
    }

    private static String write(
            InetSocketAddress address,
            String iceUfrag,
            String icePassword,
            String fingerprint,
            String mid,
            List<Codec> codecs,
            Integer telephoneEvent,
            String setup,
            long ssrc) {
        String host = address.getAddress().getHostAddress();
        String ipVersion = host.contains(":") ? "IP6" : "IP4";
        int port = address.getPort();
        StringBuilder formats = new StringBuilder();
        codecs.forEach(codec -> formats.append(' ').append(codec.payloadType()));
        if (telephoneEvent != null) {
            formats.append(' ').append(telephoneEvent);
        }
        StringBuilder sdp = new StringBuilder()
                .append("v=0\r\n")
                .append("o=- ")
                .append(ssrc)
                .append(" 2 IN ")
                .append(ipVersion)
                .append(' ')
                .append(host)
                .append("\r\n")
                .append("s=-\r\n")
                .append("t=0 0\r\n")
                .append("a=group:BUNDLE ")
                .append(mid)
                .append("\r\n")
                .append("a=ice-lite\r\n")
                .append("m=audio ")
                .append(port)
                .append(" UDP/TLS/RTP/SAVPF")
                .append(formats)
                .append("\r\n")
                .append("c=IN ")
                .append(ipVersion)
                .append(' ')
                .append(host)
                .append("\r\n")
                .append("a=mid:")
                .append(mid)
                .append("\r\n")
                .append("a=ice-ufrag:")
                .append(iceUfrag)
                .append("\r\n")
                .append("a=ice-pwd:")
                .append(icePassword)
                .append("\r\n")
                .append("a=fingerprint:")
                .append(fingerprint)
                .append("\r\n")
                .append("a=setup:")
                .append(setup)
                .append("\r\n")
                .append("a=sendrecv\r\n")
                .append("a=rtcp-mux\r\n");
        for (Codec codec : codecs) {
            sdp.append("a=rtpmap:")
                    .append(codec.payloadType())
                    .append(' ')
                    .append(codec.name())
                    .append('/')
                    .append(codec.clockRate())
                    .append(codec.channels() > 1 ? "/" + codec.channels() : "")
                    .append("\r\n");
            if (codec.fmtp() != null) {
                sdp.append("a=fmtp:")
                        .append(codec.payloadType())
                        .append(' ')
                        .append(codec.fmtp())
                        .append("\r\n");
            }
        }
        if (telephoneEvent != null) {
            sdp.append("a=rtpmap:")
                    .append(telephoneEvent)
                    .append(" telephone-event/8000\r\n")
                    .append("a=fmtp:")
                    .append(telephoneEvent)
                    .append(" 0-15\r\n");
        }
        sdp.append("a=ssrc:")
                .append(ssrc)
                .append(" cname:parley\r\n")
                .append("a=candidate:1 1 udp 2130706431 ")
                .append(host)
                .append(' ')
                .append(port)
                .append(" typ host\r\n")
                .append("a=end-of-candidates\r\n");
        return sdp.toString();
    }
}
