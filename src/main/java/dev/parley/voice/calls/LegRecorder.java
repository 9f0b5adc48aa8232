package dev.parley.voice.calls;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.domain.LegStatus;
import dev.parley.service.VoiceService;
import dev.parley.voice.media.MediaCounters;
import dev.parley.wire.Json;
import dev.parley.wire.VoiceWebhookJson;

/**
 * Records what happens to a running leg, the same way for both directions. Every write about a leg
 * goes through its session's {@link WriteLane}, so one leg's events are stored in the order they
 * happened, whichever thread saw them. The methods a media thread calls (key presses, speaking, a
 * prompt's end) queue their write and return; the others wait until theirs is stored, as the
 * signalling and NCCO threads that call them need. Thread-safe.
 */
final class LegRecorder {
    private final VoiceService voice;

    LegRecorder(VoiceService voice) {
        this.voice = voice;
    }

    /** For what is not about one running leg: starting legs, a conversation's events, settings. */
    VoiceService voice() {
        return voice;
    }

    void record(CallSession session, LegStatus status) {
        session.writes.run(() -> {
            if (session.leg != null) {
                session.leg = voice.move(session.leg, status);
            }
        });
    }

    /**
     * An inbound call's ACK came: {@code answered} and {@code sip:answered}, queued by the SIP thread
     * that saw the ACK, so they come before whatever that thread sees next (a BYE).
     */
    void answered(CallSession session) {
        session.writes.submit(() -> {
            if (session.leg != null) {
                session.leg = voice.move(session.leg, LegStatus.ANSWERED);
                voice.sipEvent(session.leg, "sip:answered", Json.object());
            }
        });
    }

    /** An {@code sip:*} event of the leg ({@code sip:ringing}, {@code sip:answered}). */
    void sipEvent(CallSession session, String type, ObjectNode body) {
        session.writes.run(() -> voice.sipEvent(session.leg, type, body));
    }

    /** Something went wrong with the leg: an error event the application's event URL hears of. */
    void error(CallSession session, String reason) {
        session.writes.run(() -> voice.error(session.leg, reason));
    }

    /** An {@code audio:*} event of the leg, stored before this returns. */
    void legEvent(CallSession session, String type, ObjectNode body) {
        session.writes.run(() -> voice.legEvent(session.leg, type, body));
    }

    /** An {@code audio:*} event of the leg seen on a media thread: queued in order, not waited for. */
    void legEventLater(CallSession session, String type, ObjectNode body) {
        session.writes.submit(() -> voice.legEvent(session.leg, type, body));
    }

    /** A call to an App user rings it: its invitation with Parley's offer; false when it cannot be invited. */
    boolean invite(CallSession session, String offer) {
        return session.writes.call(() -> voice.invite(session.leg, offer));
    }

    /** The leg's member's media now (its SDK muted or earmuffed it by an event): {@code member:media}. */
    void memberMedia(CallSession session, boolean muted, boolean earmuffed) {
        session.writes.run(() -> voice.memberMedia(session.leg, muted, earmuffed));
    }

    void audioSettings(CallSession session, boolean muted, boolean earmuffed, String changed) {
        session.writes.run(() -> voice.audioSettings(session.leg, muted, earmuffed, changed));
    }

    /** A key the leg pressed (on its RTP receive thread): numbered now, stored in order later. */
    void dtmf(CallSession session, char key) {
        int sequence = session.media.dtmfSequence.incrementAndGet();
        session.writes.submit(() -> {
            if (!session.finished.get()) {
                voice.dtmf(session.leg, key, sequence);
            }
        });
    }

    /** The leg started or stopped speaking (on the mixer's thread): stored in order later. */
    void speaking(CallSession session, boolean on) {
        session.writes.submit(() -> {
            if (!session.finished.get()) { // the end says "stopped" itself
                voice.speaking(session.leg, on);
            }
        });
    }

    /** The application closed the leg's WebSocket. */
    void disconnected(CallSession session, JsonNode headers) {
        session.writes.run(() -> voice.disconnected(session.leg, headers));
    }

    /** The leg joins the application's conversation named {@code name} (made if new). */
    void joinNamed(CallSession session, String name) {
        session.writes.run(() -> session.leg = voice.joinNamed(session.leg, name));
    }

    /** The leg joins the application's existing conversation {@code id}; false when there is none. */
    boolean joinExisting(CallSession session, String id) {
        return session.writes.call(() -> voice.joinExisting(session.leg, id)
                .map(leg -> {
                    session.leg = leg;
                    return true;
                })
                .orElse(false));
    }

    /**
     * An App leg's {@code rtc:hangup}, from its member while it still is one (so its SDK hears it):
     * why ({@code code} as the SDKs map it), the bytes its SRTP carried both ways, and the quality of
     * what it received, measured.
     */
    void rtcHangup(CallSession session, String code, String text) {
        rtcHangup(session, code, text, 200);
    }

    /** As {@link #rtcHangup(CallSession, String, String)}, with the SIP status the SDKs read (487: not answered in time). */
    void rtcHangup(CallSession session, String code, String text, int sipCode) {
        MediaCounters counters = session.media.counters;
        var reception = session.media.reception;
        session.writes.run(() -> voice.rtcHangup(
                session.leg,
                VoiceWebhookJson.rtcHangup(
                        session.leg,
                        code,
                        text,
                        sipCode,
                        counters == null
                                ? new VoiceWebhookJson.RtpCounts(0, 0, 0)
                                : new VoiceWebhookJson.RtpCounts(
                                        counters.bytesIn(), counters.bytesOut(), counters.packetsIn()),
                        reception == null
                                ? new dev.parley.voice.media.ReceptionStats(8_000).quality()
                                : reception.quality())));
    }

    /**
     * A call's end, once whichever side ends it: an answered call records {@code sip:hangup} (normal
     * clearing, Q.850 cause 16, with the bytes and packets its RTP carried; no call-quality figures are
     * measured, so none are given), then {@code completed}; one that never got so far, {@code
     * otherwise}.
     */
    void finish(CallSession session, String who, LegStatus otherwise) {
        session.ncco.end();
        session.writes.run(() -> finishInOrder(session, who, otherwise));
    }

    private void finishInOrder(CallSession session, String who, LegStatus otherwise) {
        if (session.leg == null || !session.finished.compareAndSet(false, true)) {
            return;
        }
        var participant = session.media.participant;
        if (participant != null && participant.stopSpeaking()) {
            voice.speaking(session.leg, false); // while the leg is still a member to say it
        }
        if (session.leg.status() == LegStatus.ANSWERED) {
            String cause = session.hangupCause;
            MediaCounters rtp = session.media.counters;
            var body = VoiceWebhookJson.sipHangup(
                    cause == null ? "normal call clearing (" + who + ")" : cause,
                    cause == null ? "16" : "102", // Q.850 102: recovery on timer expiry
                    rtp == null
                            ? null
                            : new VoiceWebhookJson.RtpCounts(rtp.bytesIn(), rtp.bytesOut(), rtp.packetsIn()));
            voice.sipEvent(session.leg, "sip:hangup", body);
            session.leg = voice.move(session.leg, LegStatus.COMPLETED);
        } else if (session.failureAnsweredSynchronously) {
            // its connect tells the event URL itself, and uses the NCCO it answers: not twice
            session.leg = voice.move(session.leg, otherwise, false);
        } else {
            session.leg = voice.move(session.leg, otherwise);
        }
    }
}
