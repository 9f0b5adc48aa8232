package dev.parley.voice.sip;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The audio part of an SDP offer or answer (RFC 4566, RFC 3264) as Parley uses it: where the peer
 * wants RTP ({@code address}, {@code port}), the payload types offered with their encodings, and the
 * direction. Only the first {@code m=audio} line counts; video and other media are declined.
 */
public record Sdp(
        String address, int port, List<Integer> payloadTypes, Map<Integer, String> encodings, String direction) {
    /** G.711 and RFC 4733 telephone events: all Parley speaks. */
    public static final int PCMU = 0;

    public static final int PCMA = 8;

    public static Optional<Sdp> parse(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        String sessionAddress = null;
        String mediaAddress = null;
        int port = -1;
        List<Integer> types = new ArrayList<>();
        Map<Integer, String> encodings = new LinkedHashMap<>();
        String direction = "sendrecv";
        boolean inAudio = false;
        boolean sawAudio = false;
        for (String raw : text.split("\r?\n")) {
            String line = raw.strip();
            if (line.startsWith("m=")) {
                inAudio = !sawAudio && line.startsWith("m=audio ");
                if (inAudio) {
                    sawAudio = true;
                    String[] parts = line.substring(2).split("\\s+");
                    if (parts.length < 4) {
                        return Optional.empty();
                    }
                    try {
                        port = Integer.parseInt(parts[1].split("/")[0]);
                        for (int i = 3; i < parts.length; i++) {
                            types.add(Integer.parseInt(parts[i]));
                        }
                    } catch (NumberFormatException e) {
                        return Optional.empty();
                    }
                }
            } else if (line.startsWith("c=")) {
                String[] parts = line.substring(2).split("\\s+");
                if (parts.length == 3) {
                    String address = parts[2].split("/")[0];
                    if (sawAudio && inAudio) {
                        mediaAddress = address;
                    } else if (!sawAudio) {
                        sessionAddress = address;
                    }
                }
            } else if (inAudio && line.startsWith("a=rtpmap:")) {
                String[] parts = line.substring(9).split("\\s+", 2);
                try {
                    encodings.put(Integer.parseInt(parts[0]), parts.length > 1 ? parts[1].strip() : "");
                } catch (NumberFormatException e) {
                    return Optional.empty();
                }
            } else if (inAudio
                    && (line.equals("a=sendrecv")
                            || line.equals("a=sendonly")
                            || line.equals("a=recvonly")
                            || line.equals("a=inactive"))) {
                direction = line.substring(2);
            }
        }
        String address = mediaAddress != null ? mediaAddress : sessionAddress;
        if (!sawAudio || address == null || port < 0) {
            return Optional.empty();
        }
        return Optional.of(new Sdp(address, port, List.copyOf(types), Map.copyOf(encodings), direction));
    }

    /** The encoding of a payload type: the rtpmap line, or the static assignment of RFC 3551. */
    public String encoding(int payloadType) {
        String mapped = encodings.get(payloadType);
        if (mapped != null) {
            return mapped.toLowerCase(Locale.ROOT);
        }
        return switch (payloadType) {
            case PCMU -> "pcmu/8000";
            case PCMA -> "pcma/8000";
            default -> "";
        };
    }

    /** The first offered G.711 type (the offerer's preference), if any. */
    public Optional<Integer> g711() {
        return payloadTypes.stream()
                .filter(pt ->
                        encoding(pt).startsWith("pcmu/8000") || encoding(pt).startsWith("pcma/8000"))
                .findFirst();
    }

    /** The offered telephone-event type (RFC 4733), if any. */
    public Optional<Integer> telephoneEvent() {
        return payloadTypes.stream()
                .filter(pt -> encoding(pt).startsWith("telephone-event/8000"))
                .findFirst();
    }

    /**
     * An answer for audio at {@code address:port} with {@code codec} (and {@code telephoneEvent} when
     * not null), mirroring the offer's direction the way RFC 3264 §6.1 says.
     */
    public static byte[] answer(
            String address,
            int port,
            long sessionId,
            int codec,
            String codecEncoding,
            Integer telephoneEvent,
            String offeredDirection) {
        String direction = switch (offeredDirection) {
            case "sendonly" -> "recvonly";
            case "recvonly" -> "sendonly";
            case "inactive" -> "inactive";
            default -> "sendrecv";
        };
        StringBuilder sdp = new StringBuilder();
        sdp.append("v=0\r\n");
        sdp.append("o=parley ")
                .append(sessionId)
                .append(' ')
                .append(sessionId)
                .append(" IN IP4 ")
                .append(address)
                .append("\r\n");
        sdp.append("s=parley\r\n");
        sdp.append("c=IN IP4 ").append(address).append("\r\n");
        sdp.append("t=0 0\r\n");
        sdp.append("m=audio ").append(port).append(" RTP/AVP ").append(codec);
        if (telephoneEvent != null) {
            sdp.append(' ').append(telephoneEvent);
        }
        sdp.append("\r\n");
        sdp.append("a=rtpmap:").append(codec).append(' ').append(codecEncoding).append("\r\n");
        if (telephoneEvent != null) {
            sdp.append("a=rtpmap:").append(telephoneEvent).append(" telephone-event/8000\r\n");
            sdp.append("a=fmtp:").append(telephoneEvent).append(" 0-16\r\n");
        }
        sdp.append("a=ptime:20\r\n");
        sdp.append("a=").append(direction).append("\r\n");
        return sdp.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** Parley's offer for an outgoing call: PCMU, PCMA and telephone-event 101, sendrecv. */
    public static byte[] offer(String address, int port, long sessionId) {
        String sdp = "v=0\r\n"
                + "o=parley " + sessionId + " " + sessionId + " IN IP4 " + address + "\r\n"
                + "s=parley\r\n"
                + "c=IN IP4 " + address + "\r\n"
                + "t=0 0\r\n"
                + "m=audio " + port + " RTP/AVP 0 8 101\r\n"
                + "a=rtpmap:0 PCMU/8000\r\n"
                + "a=rtpmap:8 PCMA/8000\r\n"
                + "a=rtpmap:101 telephone-event/8000\r\n"
                + "a=fmtp:101 0-16\r\n"
                + "a=ptime:20\r\n"
                + "a=sendrecv\r\n";
        return sdp.getBytes(StandardCharsets.US_ASCII);
    }
}
