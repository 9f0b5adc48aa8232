package dev.parley.voice.calls;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.domain.Leg;
import dev.parley.domain.LegId;
import dev.parley.domain.LegStatus;
import dev.parley.domain.SipDomain;
import dev.parley.domain.VoiceWebhooks;
import dev.parley.service.CallControl;
import dev.parley.service.SipDomainService;
import dev.parley.service.VoiceService;
import dev.parley.voice.media.Bridge;
import dev.parley.voice.media.RtpPlayer;
import dev.parley.voice.media.RtpSender;
import dev.parley.voice.media.RtpSocket;
import dev.parley.voice.media.TextToSpeech;
import dev.parley.voice.media.WavFetcher;
import dev.parley.voice.ncco.NccoAction;
import dev.parley.voice.ncco.NccoException;
import dev.parley.voice.ncco.NccoParser;
import dev.parley.voice.sip.CallListener;
import dev.parley.voice.sip.IncomingCall;
import dev.parley.voice.sip.Sdp;
import dev.parley.voice.sip.SipHeaders;
import dev.parley.voice.sip.SipUri;
import dev.parley.wire.Json;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls that reach Parley over SIP: routed to an application by the request's domain (404 when no
 * domain is known, 403 when the caller is outside its ACL), recorded as a leg in a conversation of its
 * own, then run by the NCCO the application's answer URL returns. Each call runs on a virtual thread of
 * its own. Thread-safe.
 */
public final class InboundCalls implements CallListener, CallControl {
    private static final Logger LOG = LoggerFactory.getLogger(InboundCalls.class);

    private final SipDomainService domains;
    private final VoiceService voice;
    private final AnswerClient answers;
    private final String mediaHost;
    private final TextToSpeech speech;
    private final Bridge bridge;
    private final WavFetcher audio = new WavFetcher();
    private final Map<String, ActiveCall> active = new ConcurrentHashMap<>();

    public InboundCalls(
            SipDomainService domains,
            VoiceService voice,
            AnswerClient answers,
            String mediaHost,
            TextToSpeech speech,
            Bridge bridge) {
        this.domains = domains;
        this.voice = voice;
        this.answers = answers;
        this.mediaHost = mediaHost;
        this.speech = speech;
        this.bridge = bridge;
    }

    /** Calls in progress on this node (for metrics). */
    public int activeCalls() {
        return active.size();
    }

    @Override
    public boolean hangup(LegId leg) {
        for (ActiveCall state : active.values()) {
            if (state.leg != null && state.leg.id().equals(leg) && state.ended.getCount() > 0) {
                state.call.hangup();
                state.ended.countDown();
                finish(state, "hung up by the application");
                return true;
            }
        }
        return false;
    }

    /** One call in progress: its leg as last recorded, and what the SIP side has told us. */
    private static final class ActiveCall {
        final IncomingCall call;

        ActiveCall(IncomingCall call) {
            this.call = call;
        }

        volatile Leg leg;
        volatile RtpSocket rtp;
        volatile RtpSender sender;
        volatile RtpPlayer player;
        /** Set while the leg is in a conversation's mix. */
        volatile Bridge.Participant participant;
        /** Whether the call's end (sip:hangup) has been recorded: once, whichever side ended it. */
        final java.util.concurrent.atomic.AtomicBoolean finished = new java.util.concurrent.atomic.AtomicBoolean();
        /** Keys pressed and not yet taken by an {@code input} action. */
        final java.util.concurrent.LinkedBlockingQueue<Character> digits =
                new java.util.concurrent.LinkedBlockingQueue<>();

        final java.util.concurrent.atomic.AtomicInteger dtmfSequence = new java.util.concurrent.atomic.AtomicInteger();
        final CountDownLatch established = new CountDownLatch(1);
        final CountDownLatch ended = new CountDownLatch(1);
    }

    @Override
    public void invited(IncomingCall call) {
        ActiveCall state = new ActiveCall(call);
        active.put(call.callId(), state);
        Thread.ofVirtual().name("parley-call-" + call.callId()).start(() -> {
            try {
                run(call, state);
            } catch (RuntimeException e) {
                LOG.warn("call {} failed", call.callId(), e);
                call.hangup();
                record(state, LegStatus.FAILED);
            } finally {
                if (state.rtp != null) {
                    state.rtp.close();
                }
                active.remove(call.callId(), state);
            }
        });
    }

    private void run(IncomingCall call, ActiveCall state) {
        String host = SipUri.host(call.requestUri()).toLowerCase(Locale.ROOT);
        Optional<SipDomain> domain = domains.find(host);
        if (domain.isEmpty() || !domain.get().admits(call.source().getAddress())) {
            call.reject(domain.isEmpty() ? 404 : 403);
            return;
        }
        Optional<Sdp> offer = call.offer().filter(sdp -> sdp.g711().isPresent());
        if (offer.isEmpty()) {
            call.reject(488); // nothing Parley can speak: G.711 only
            return;
        }
        String applicationId = domain.get().applicationId();
        VoiceWebhooks webhooks = voice.webhooks(applicationId);
        state.leg = voice.start(
                applicationId,
                "sip",
                Leg.Direction.INBOUND,
                endpoint(call.from().uri()),
                endpoint(call.requestUri()),
                webhooks);
        call.ringing();
        record(state, LegStatus.RINGING);
        voice.sipEvent(state.leg, "sip:ringing", Json.object());
        if (webhooks.answerUrl() == null) {
            LOG.warn("call {} to {}: application {} has no answer URL", call.callId(), host, applicationId);
            call.reject(480);
            record(state, LegStatus.FAILED);
            return;
        }
        Optional<JsonNode> answer = answers.ncco(
                webhooks.answerUrl(),
                webhooks.answerMethod(),
                webhooks.fallbackAnswerUrl(),
                answerParams(call, state.leg));
        List<NccoAction> ncco;
        try {
            ncco = NccoParser.parse(answer.orElse(null));
        } catch (NccoException e) {
            LOG.info("call {}: {}", call.callId(), answer.isEmpty() ? "no answer from the answer URL" : e.getMessage());
            call.reject(480);
            record(state, LegStatus.FAILED);
            return;
        }
        if (!answerCall(call, state, offer.get())) {
            return;
        }
        java.util.Deque<NccoAction> remaining = new java.util.ArrayDeque<>(ncco);
        while (!remaining.isEmpty()) {
            NccoAction action = remaining.pollFirst();
            if (state.ended.getCount() == 0) {
                return;
            }
            switch (action) {
                case NccoAction.Conversation conversation -> {
                    state.leg = voice.joinNamed(state.leg, conversation.name());
                    String room = state.leg.conversationId().value();
                    Bridge.Participant participant = new Bridge.Participant(state.sender);
                    state.participant = participant;
                    bridge.join(room, participant);
                    try {
                        awaitEnd(state, Long.MAX_VALUE); // in the conversation until someone hangs up
                    } finally {
                        bridge.leave(room, participant);
                        state.participant = null;
                    }
                }
                case NccoAction.Wait wait -> awaitEnd(state, (long) (wait.timeout() * 1000));
                case NccoAction.Talk talk -> talk(state, talk);
                case NccoAction.Stream stream -> stream(call, state, stream);
                case NccoAction.Input input -> replaceIfAnswered(call, remaining, input(state, input));
                case NccoAction.Notify notify ->
                    replaceIfAnswered(
                            call,
                            remaining,
                            answers.callback(
                                    notify.eventUrl().url(),
                                    notify.eventUrl().method(),
                                    (com.fasterxml.jackson.databind.node.ObjectNode) Json.parse(notify.payloadJson())));
                default -> {
                    LOG.info(
                            "call {}: the {} action is not supported yet; ending the call",
                            call.callId(),
                            action.getClass().getSimpleName().toLowerCase(Locale.ROOT));
                    hangup(call, state);
                    return;
                }
            }
        }
        hangup(call, state); // the call ends after the last action
    }

    /**
     * An NCCO the application answered an {@code input} or {@code notify} with replaces the rest of the
     * call's NCCO; an empty answer (or none) lets it go on. An answer that is not a valid NCCO is logged
     * and ignored: the call goes on as the Voice API's does after its retries.
     */
    private static void replaceIfAnswered(
            IncomingCall call, java.util.Deque<NccoAction> remaining, Optional<JsonNode> answer) {
        if (answer.isEmpty() || !answer.get().isArray() || answer.get().isEmpty()) {
            return;
        }
        try {
            List<NccoAction> next = NccoParser.parse(answer.get());
            remaining.clear();
            remaining.addAll(next);
        } catch (NccoException e) {
            LOG.info("call {}: the NCCO answered to an action was not used: {}", call.callId(), e.getMessage());
        }
    }

    /**
     * Runs an {@code input}: DTMF until {@code maxDigits}, {@code #} (with {@code submitOnHash}) or
     * {@code timeOut} seconds without a key; then its result goes to the action's event URL (the call's
     * own when it names none). Speech cannot be recognised here: the result says so in {@code
     * speech.error}, which the SDKs read.
     */
    private Optional<JsonNode> input(ActiveCall state, NccoAction.Input input) {
        StringBuilder digits = new StringBuilder();
        boolean timedOut = false;
        if (input.dtmf() != null) {
            NccoAction.Input.Dtmf dtmf = input.dtmf();
            long waitMs = Math.max(1, dtmf.timeOut()) * 1000L;
            while (digits.length() < dtmf.maxDigits() && state.ended.getCount() > 0) {
                Character key;
                try {
                    key = state.digits.poll(waitMs, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
                if (key == null) {
                    timedOut = true;
                    break;
                }
                if (key == '#' && dtmf.submitOnHash()) {
                    break;
                }
                digits.append(key);
            }
        }
        var body = Json.object();
        body.put("uuid", state.leg.id().value());
        body.put("conversation_uuid", state.leg.conversationId().value());
        body.put("timestamp", dev.parley.wire.Timestamps.format(System.currentTimeMillis()));
        if (input.dtmf() != null) {
            body.putObject("dtmf").put("digits", digits.toString()).put("timed_out", timedOut);
        }
        if (input.speech() != null) {
            body.putObject("speech")
                    .put("error", "Speech recognition is not available on this server")
                    .putArray("results");
        }
        String url = input.eventUrl() != null ? input.eventUrl().url() : state.leg.eventUrl();
        String method = input.eventUrl() != null ? input.eventUrl().method() : state.leg.eventMethod();
        return url == null ? Optional.empty() : answers.callback(url, method, body);
    }

    /**
     * Speaks {@code talk.text} to the caller, {@code loop} times (0: until the call ends), at {@code
     * level} (-1..1, about -10 to +10 dB). Without {@code bargeIn} a key press does not cut it short
     * (with it, too, for now: the keys wait for the input that follows).
     */
    private void talk(ActiveCall state, NccoAction.Talk talk) {
        short[] samples = speech.speak(talk.text(), talk.language());
        double gain = Math.pow(10, talk.level() / 2);
        int loops = talk.loop() == 0 ? Integer.MAX_VALUE : talk.loop();
        for (int i = 0; i < loops && state.ended.getCount() > 0; i++) {
            state.player.play(samples, gain, () -> state.ended.getCount() == 0);
        }
    }

    /**
     * Plays the WAV at {@code stream.streamUrl}, {@code loop} times (0: until the call ends). Audio that
     * cannot be fetched or decoded (MP3 among it) is logged and skipped: the call goes on.
     */
    private void stream(IncomingCall call, ActiveCall state, NccoAction.Stream stream) {
        short[] samples;
        try {
            samples = audio.fetch(stream.streamUrl());
        } catch (java.io.IOException e) {
            LOG.info("call {}: stream {} not played: {}", call.callId(), stream.streamUrl(), e.getMessage());
            return;
        }
        double gain = Math.pow(10, stream.level() / 2);
        int loops = stream.loop() == 0 ? Integer.MAX_VALUE : stream.loop();
        for (int i = 0; i < loops && state.ended.getCount() > 0; i++) {
            state.player.play(samples, gain, () -> state.ended.getCount() == 0);
        }
    }

    /** Answers with our media address and waits for the ACK; false when the caller went away. */
    private boolean answerCall(IncomingCall call, ActiveCall state, Sdp offer) {
        int codec = offer.g711().orElseThrow();
        Integer telephoneEvent = offer.telephoneEvent().orElse(null);
        dev.parley.voice.media.DtmfReceiver keys = new dev.parley.voice.media.DtmfReceiver();
        state.rtp = RtpSocket.open(mediaHost, new InetSocketAddress(offer.address(), offer.port()), packet -> {
            if (telephoneEvent != null && packet.payloadType() == telephoneEvent) {
                keys.received(packet).ifPresent(key -> {
                    // Recorded before an input can take it: the event lands in the conversation the
                    // leg is in when the key is pressed, not one an input's answer moves it to.
                    voice.dtmf(state.leg, key, state.dtmfSequence.incrementAndGet());
                    state.digits.add(key);
                });
                return;
            }
            Bridge.Participant participant = state.participant;
            if (participant != null) {
                participant.received(packet);
            }
        });
        state.sender = new RtpSender(state.rtp, codec);
        state.player = new RtpPlayer(state.sender);
        call.answer(Sdp.answer(
                mediaHost,
                state.rtp.local().getPort(),
                System.currentTimeMillis(),
                codec,
                offer.encoding(codec).toUpperCase(Locale.ROOT),
                offer.telephoneEvent().orElse(null),
                offer.direction()));
        try {
            // The SIP layer resends the 200 for up to 32 s and then gives up with BYE.
            while (!state.established.await(100, TimeUnit.MILLISECONDS)) {
                if (state.ended.getCount() == 0) {
                    return false;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        record(state, LegStatus.ANSWERED);
        voice.sipEvent(state.leg, "sip:answered", Json.object());
        return true;
    }

    private static void awaitEnd(ActiveCall state, long millis) {
        try {
            state.ended.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void hangup(IncomingCall call, ActiveCall state) {
        call.hangup();
        finish(state, "local hangup");
    }

    /**
     * A call's end, once whichever side ends it: an answered call records {@code sip:hangup} (normal
     * clearing, Q.850 cause 16, with the bytes and packets its RTP carried; no call-quality figures are
     * measured, so none are given), then {@code completed}; one that never got its ACK, {@code failed}.
     */
    private void finish(ActiveCall state, String who) {
        if (state.leg == null || !state.finished.compareAndSet(false, true)) {
            return;
        }
        if (state.leg.status() == LegStatus.ANSWERED) {
            var body = Json.object();
            body.putObject("reason")
                    .put("text", "normal call clearing (" + who + ")")
                    .put("code", "16")
                    .put("sip_code", "200");
            RtpSocket rtp = state.rtp;
            if (rtp != null) {
                body.putObject("bandwidth").put("byte_in", rtp.bytesIn()).put("byte_out", rtp.bytesOut());
                body.putObject("quality").put("packet_cnt", rtp.packetsIn());
            }
            voice.sipEvent(state.leg, "sip:hangup", body);
            record(state, LegStatus.COMPLETED);
        } else {
            record(state, LegStatus.FAILED); // ended before it was established (no ACK for our answer)
        }
    }

    private void record(ActiveCall state, LegStatus status) {
        if (state.leg != null) {
            state.leg = voice.move(state.leg, status);
        }
    }

    /** The answer webhook's fields (and the caller's X- headers, as SipHeader_X-...). */
    private static Map<String, String> answerParams(IncomingCall call, Leg leg) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("to", userOrUri(call.requestUri()));
        params.put("from", userOrUri(call.from().uri()));
        params.put("uuid", leg.id().value());
        params.put("conversation_uuid", leg.conversationId().value());
        for (SipHeaders.Field field : call.headers().fields()) {
            String name = field.name();
            if (name.regionMatches(true, 0, "X-", 0, 2) && !name.regionMatches(true, 0, "X-Nexmo", 0, 7)) {
                params.put("SipHeader_" + name, field.value());
            }
        }
        return params;
    }

    private static String userOrUri(String uri) {
        String user = SipUri.user(uri);
        return user != null ? user : uri;
    }

    private static String endpoint(String uri) {
        return Json.object().put("type", "sip").put("uri", uri).toString();
    }

    @Override
    public void cancelled(IncomingCall call) {
        ActiveCall state = active.get(call.callId());
        if (state != null) {
            state.ended.countDown();
            record(state, LegStatus.CANCELLED);
        }
    }

    @Override
    public void established(IncomingCall call) {
        ActiveCall state = active.get(call.callId());
        if (state != null) {
            state.established.countDown();
        }
    }

    @Override
    public void ended(IncomingCall call, String reason) {
        ActiveCall state = active.get(call.callId());
        if (state != null) {
            state.ended.countDown();
            finish(state, reason);
        }
    }
}
