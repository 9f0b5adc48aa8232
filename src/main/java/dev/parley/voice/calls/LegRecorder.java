package dev.parley.voice.calls;

import dev.parley.domain.LegStatus;
import dev.parley.service.VoiceService;
import dev.parley.voice.media.RtpSocket;
import dev.parley.wire.Json;

/**
 * Records what happens to a running leg, the same way for both directions: status moves and the
 * call's end ({@code sip:hangup} with what the RTP carried, then {@code completed}). Thread-safe.
 */
final class LegRecorder {
    private final VoiceService voice;

    LegRecorder(VoiceService voice) {
        this.voice = voice;
    }

    VoiceService voice() {
        return voice;
    }

    void record(CallSession session, LegStatus status) {
        if (session.leg != null) {
            session.leg = voice.move(session.leg, status);
        }
    }

    /**
     * A call's end, once whichever side ends it: an answered call records {@code sip:hangup} (normal
     * clearing, Q.850 cause 16, with the bytes and packets its RTP carried; no call-quality figures are
     * measured, so none are given), then {@code completed}; one that never got so far, {@code
     * otherwise}.
     */
    void finish(CallSession session, String who, LegStatus otherwise) {
        session.end();
        if (session.leg == null || !session.finished.compareAndSet(false, true)) {
            return;
        }
        var participant = session.participant;
        if (participant != null && participant.stopSpeaking()) {
            voice.speaking(session.leg, false); // while the leg is still a member to say it
        }
        if (session.leg.status() == LegStatus.ANSWERED) {
            var body = Json.object();
            String cause = session.hangupCause;
            body.putObject("reason")
                    .put("text", cause == null ? "normal call clearing (" + who + ")" : cause)
                    .put("code", cause == null ? "16" : "102") // Q.850 102: recovery on timer expiry
                    .put("sip_code", "200");
            RtpSocket rtp = session.rtp;
            if (rtp != null) {
                body.putObject("bandwidth").put("byte_in", rtp.bytesIn()).put("byte_out", rtp.bytesOut());
                body.putObject("quality").put("packet_cnt", rtp.packetsIn());
            }
            voice.sipEvent(session.leg, "sip:hangup", body);
            record(session, LegStatus.COMPLETED);
        } else if (session.failureAnsweredSynchronously && session.leg != null) {
            // its connect tells the event URL itself, and uses the NCCO it answers: not twice
            session.leg = voice.move(session.leg, otherwise, false);
        } else {
            record(session, otherwise);
        }
    }
}
