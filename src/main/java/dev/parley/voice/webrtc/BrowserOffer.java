package dev.parley.voice.webrtc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What Parley needs from a browser's SDP offer (or answer) for one audio stream: its ICE credentials,
 * its certificate fingerprint and DTLS role, the m-line's mid, and the payload types it offers by
 * codec name (RFC 8829 as Chrome writes it; session-level attributes count for the m-line).
 */
public record BrowserOffer(
        String iceUfrag,
        String icePassword,
        String fingerprint,
        String setup,
        String mid,
        Map<String, Integer> payloadTypes,
        List<Integer> order) {

    /** Reads an SDP; empty when it has no audio m-line or lacks ICE credentials or a fingerprint. */
    public static Optional<BrowserOffer> parse(String sdp) {
        String ufrag = null;
        String password = null;
        String fingerprint = null;
        String setup = "actpass";
        String mid = "0";
        boolean inAudio = false;
        boolean seenAudio = false;
        List<Integer> order = new ArrayList<>();
        Map<String, Integer> payloadTypes = new LinkedHashMap<>();
        for (String raw : sdp.split("\r?\n")) {
            String line = raw.strip();
            if (line.startsWith("m=")) {
                inAudio = !seenAudio && line.startsWith("m=audio ");
                if (inAudio) {
                    seenAudio = true;
                    String[] parts = line.split(" ");
                    for (int i = 3; i < parts.length; i++) {
                        try {
                            order.add(Integer.parseInt(parts[i]));
                        } catch (NumberFormatException e) {
                            return Optional.empty();
                        }
                    }
                }
                continue;
            }
            boolean counts = inAudio || !seenAudio; // session level, or the audio m-line
            if (!counts || !line.startsWith("a=")) {
                continue;
            }
            String attribute = line.substring(2);
            if (attribute.startsWith("ice-ufrag:")) {
                ufrag = attribute.substring(10);
            } else if (attribute.startsWith("ice-pwd:")) {
                password = attribute.substring(8);
            } else if (attribute.startsWith("fingerprint:")) {
                fingerprint = attribute.substring(12);
            } else if (attribute.startsWith("setup:")) {
                setup = attribute.substring(6).toLowerCase(Locale.ROOT);
            } else if (attribute.startsWith("mid:") && inAudio) {
                mid = attribute.substring(4);
            } else if (attribute.startsWith("rtpmap:") && inAudio) {
                String[] parts = attribute.substring(7).split("[ /]");
                if (parts.length >= 3) {
                    try {
                        String codec = (parts[1] + "/" + parts[2]).toLowerCase(Locale.ROOT);
                        payloadTypes.putIfAbsent(codec, Integer.parseInt(parts[0]));
                    } catch (NumberFormatException e) {
                        return Optional.empty();
                    }
                }
            }
        }
        if (!seenAudio || ufrag == null || password == null || fingerprint == null) {
            return Optional.empty();
        }
        order.forEach(pt -> {
            if (pt == 0) {
                payloadTypes.putIfAbsent("pcmu/8000", 0); // static payload types need no rtpmap
            } else if (pt == 8) {
                payloadTypes.putIfAbsent("pcma/8000", 8);
            }
        });
        return Optional.of(new BrowserOffer(
                ufrag, password, fingerprint, setup, mid, Map.copyOf(payloadTypes), List.copyOf(order)));
    }

    /** The payload type of {@code codec} ({@code pcmu/8000}, {@code opus/48000} ...), if offered. */
    public Optional<Integer> payloadType(String codec) {
        Integer type = payloadTypes.get(codec.toLowerCase(Locale.ROOT));
        return type != null && order.contains(type) ? Optional.of(type) : Optional.empty();
    }
}
