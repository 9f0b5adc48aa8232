package dev.parley.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.domain.ConversationId;
import dev.parley.domain.DomainException;
import dev.parley.domain.ErrorCode;
import dev.parley.domain.Leg;
import dev.parley.domain.LegId;
import java.util.Optional;

/**
 * The port through which REST requests reach calls: placing new ones and acting on those in progress.
 * The voice layer implements it (as realtime implements {@link Notifier}). Each in-call method returns
 * false when the leg's call is not running on this node (or is already over). Implementations must
 * not block for long.
 */
public interface CallControl {
    /** Places an outbound call for the application; the leg as first recorded ({@code started}). */
    Leg place(String applicationId, PlaceCall request);

    boolean hangup(LegId leg);

    /** Mute: what the leg says is no longer heard by the others (unmute: heard again). */
    boolean mute(LegId leg, boolean muted);

    /** Earmuff: the leg hears nothing of the conversation (unearmuff: hears it again). */
    boolean earmuff(LegId leg, boolean earmuffed);

    /**
     * Replaces what the leg's call is doing with a new NCCO ({@code ncco}, or fetched from {@code url});
     * an NCCO that is not valid is refused with the reason before anything changes.
     */
    boolean transfer(LegId leg, JsonNode ncco, String url);

    /** Speaks text into the call, over whatever it hears; {@code loop} 0 repeats until stopped. */
    boolean talk(LegId leg, String text, String language, int loop, double level);

    /** Plays audio from {@code url} into the call; {@code loop} 0 repeats until stopped. */
    boolean stream(LegId leg, String url, int loop, double level);

    /** Stops the talk or stream playing into the call. */
    boolean stopPlaying(LegId leg);

    /** Sends DTMF digits (0-9, *, #, A-D; {@code p} pauses 500 ms) to the leg as RFC 4733 events. */
    boolean dtmf(LegId leg, String digits);

    /**
     * Plays into a whole conversation, heard by every leg in it: text spoken ({@code url} null) or the
     * audio at {@code url}. The play's id ({@code say_id} or {@code play_id}); null when no leg of the
     * conversation runs here.
     */
    String playInConversation(
            String applicationId,
            ConversationId conversation,
            String text,
            String language,
            String url,
            int loop,
            double level);

    /** Stops the conversation's talk ({@code talk}) or stream; its id, or null when none played. */
    String stopInConversation(String applicationId, ConversationId conversation, boolean talk);

    /**
     * Starts recording the whole conversation (each leg in its own channel with {@code split}), its
     * record webhook to {@code eventUrl}; false when no leg of it runs here.
     */
    boolean startRecording(
            String applicationId, ConversationId conversation, String eventUrl, String eventMethod, boolean split);

    /** Stops the conversation's recording; false when none runs here. */
    boolean stopRecording(String applicationId, ConversationId conversation);

    /**
     * What {@code POST /v1/calls} asks for, already checked for shape: the endpoint documents as the
     * request wrote them, the NCCO (unparsed) or answer URL, and the timers in seconds.
     */
    record PlaceCall(
            JsonNode to,
            JsonNode from,
            JsonNode ncco,
            String answerUrl,
            String answerMethod,
            String eventUrl,
            String eventMethod,
            int ringingTimer,
            int lengthTimer,
            boolean randomFromNumber) {}

    /**
     * A Client SDK offers media for a new App leg of the application's user {@code userName} ({@code
     * POST /v0.3/legs}); the leg's id and Parley's SDP answer. The leg waits for its {@link #knock}.
     */
    AppLeg offerAppLeg(String applicationId, String userName, String sdpOffer);

    /** A new App leg: its id (the SDK's {@code rtc_id}) and Parley's SDP answer. */
    record AppLeg(LegId id, String sdp) {}

    /**
     * The user's App leg asks to be put through ({@code POST /v0.3/knocking}): the call runs the
     * application's answer URL and its NCCO. False when no such leg of that user waits here.
     */
    boolean knock(String applicationId, Knock knock);

    /**
     * The user turns audio on in {@code conversation}, where it is a joined member ({@code POST
     * .../rtc}): a new App leg in that conversation's mix; its id and Parley's SDP answer (which the
     * leg's {@code rtc:answer} event carries too).
     */
    AppLeg joinConversation(String applicationId, String userName, ConversationId conversation, String sdpOffer);

    /**
     * The App user answers a call Parley offered it ({@code POST .../rtc/{leg}/answer}) with {@code
     * sdpAnswer}; false when no such call rings for the user here or the answer is unusable.
     */
    boolean answerAppLeg(String applicationId, String userName, LegId leg, String sdpAnswer);

    /**
     * The App user offers media for a call that rings for it (the legacy SDK's answer: join, then
     * {@code POST .../rtc}); Parley's SDP answer, or empty when no such call rings for the user.
     */
    Optional<String> answerAppLegWithOffer(String applicationId, String userName, LegId leg, String sdpOffer);

    /**
     * The user's SDK offers new media for its running App leg ({@code POST .../rtc/{leg}/offer}, the
     * SDKs' {@code reconnectCall}); Parley's SDP answer, or empty when no such leg of the user runs here.
     */
    Optional<String> reconnectAppLeg(String applicationId, String userName, LegId leg, String sdpOffer);

    /**
     * The user hangs up its own App leg, waiting for its knock or running ({@code DELETE
     * /v0.3/knocking/{id}}, or leaving the call's conversation); false when no such leg runs here.
     */
    boolean hangupAppLeg(String applicationId, String userName, LegId leg);

    /**
     * A Client SDK asked something of its own call by an event ({@code audio:mute|earmuff:on|off},
     * {@code audio:dtmf}, {@code audio:say}), stored already as event {@code eventId} of {@code
     * conversation}: acts on the leg's audio (the mixer, the NCCO's input, a spoken text). False when
     * the leg does not run here.
     */
    boolean audioRequested(ConversationId conversation, LegId leg, long eventId, String type, JsonNode body);

    /**
     * A server call's knock: the leg, its user, the channel's {@code to} (as the SDK sent it), what
     * the answer URL gets as {@code to}, and the call's {@code custom_data} (never null).
     */
    record Knock(LegId leg, String userName, JsonNode to, String answerTo, JsonNode customData) {}

    /** No calls run here: a node without SIP. */
    CallControl NONE = new CallControl() {
        @Override
        public Leg place(String applicationId, PlaceCall request) {
            throw new DomainException.Rejected(
                    ErrorCode.CALL_ACTION_NOT_SUPPORTED,
                    "This server places no calls: start it with --sip-listen (see docs/VOICE.md).");
        }

        @Override
        public AppLeg offerAppLeg(String applicationId, String userName, String sdpOffer) {
            throw new DomainException.Rejected(
                    ErrorCode.CALL_ACTION_NOT_SUPPORTED,
                    "This server takes no in-app calls: start it with --sip-listen (see docs/VOICE.md).");
        }

        @Override
        public boolean knock(String applicationId, Knock knock) {
            return false;
        }

        @Override
        public AppLeg joinConversation(
                String applicationId, String userName, ConversationId conversation, String sdpOffer) {
            return offerAppLeg(applicationId, userName, sdpOffer);
        }

        @Override
        public boolean answerAppLeg(String applicationId, String userName, LegId leg, String sdpAnswer) {
            return false;
        }

        @Override
        public Optional<String> answerAppLegWithOffer(
                String applicationId, String userName, LegId leg, String sdpOffer) {
            return Optional.empty();
        }

        @Override
        public Optional<String> reconnectAppLeg(String applicationId, String userName, LegId leg, String sdpOffer) {
            return Optional.empty();
        }

        @Override
        public boolean hangupAppLeg(String applicationId, String userName, LegId leg) {
            return false;
        }

        @Override
        public boolean audioRequested(
                ConversationId conversation, LegId leg, long eventId, String type, JsonNode body) {
            return false;
        }

        @Override
        public boolean hangup(LegId leg) {
            return false;
        }

        @Override
        public boolean mute(LegId leg, boolean muted) {
            return false;
        }

        @Override
        public boolean earmuff(LegId leg, boolean earmuffed) {
            return false;
        }

        @Override
        public boolean transfer(LegId leg, JsonNode ncco, String url) {
            return false;
        }

        @Override
        public boolean talk(LegId leg, String text, String language, int loop, double level) {
            return false;
        }

        @Override
        public boolean stream(LegId leg, String url, int loop, double level) {
            return false;
        }

        @Override
        public boolean stopPlaying(LegId leg) {
            return false;
        }

        @Override
        public boolean dtmf(LegId leg, String digits) {
            return false;
        }

        @Override
        public String playInConversation(
                String applicationId,
                ConversationId conversation,
                String text,
                String language,
                String url,
                int loop,
                double level) {
            return null;
        }

        @Override
        public String stopInConversation(String applicationId, ConversationId conversation, boolean talk) {
            return null;
        }

        @Override
        public boolean startRecording(
                String applicationId, ConversationId conversation, String eventUrl, String eventMethod, boolean split) {
            return false;
        }

        @Override
        public boolean stopRecording(String applicationId, ConversationId conversation) {
            return false;
        }
    };
}
