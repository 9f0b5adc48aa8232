package dev.parley.voice.webrtc;

import java.net.InetSocketAddress;

/**
 * Parley's SDP for one WebRTC audio leg (RFC 8829, RFC 8839, RFC 8842): ICE-lite with one host
 * candidate, the certificate fingerprint, {@code setup:passive} (Parley is the DTLS server), rtcp-mux
 * and BUNDLE on the browser's mid, and one codec (with telephone-event when the browser offered it).
 */
public final class AnswerSdp {
    private AnswerSdp() {}

    /** The codec chosen for a leg: its payload type, rtpmap name and clock. */
    public record Codec(int payloadType, String name, int clockRate) {
        public static final Codec PCMU = new Codec(0, "PCMU", 8_000);
        public static final Codec PCMA = new Codec(8, "PCMA", 8_000);
    }

    public static String write(
            InetSocketAddress address,
            String iceUfrag,
            String icePassword,
            String fingerprint,
            String mid,
            Codec codec,
            Integer telephoneEvent,
            long ssrc) {
        String host = address.getAddress().getHostAddress();
        String ipVersion = host.contains(":") ? "IP6" : "IP4";
        int port = address.getPort();
        String formats = codec.payloadType() + (telephoneEvent != null ? " " + telephoneEvent : "");
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
                .append(" UDP/TLS/RTP/SAVPF ")
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
                .append("a=setup:passive\r\n")
                .append("a=sendrecv\r\n")
                .append("a=rtcp-mux\r\n")
                .append("a=rtpmap:")
                .append(codec.payloadType())
                .append(' ')
                .append(codec.name())
                .append('/')
                .append(codec.clockRate())
                .append("\r\n");
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
