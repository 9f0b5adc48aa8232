package dev.parley.voice.calls;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.domain.Leg;
import dev.parley.domain.LegStatus;
import dev.parley.domain.SipDomain;
import dev.parley.domain.VoiceWebhooks;
import dev.parley.service.SipDomainService;
import dev.parley.voice.ncco.NccoAction;
import dev.parley.voice.ncco.NccoException;
import dev.parley.voice.ncco.NccoParser;
import dev.parley.voice.sip.CallListener;
import dev.parley.voice.sip.IncomingCall;
import dev.parley.voice.sip.Sdp;
import dev.parley.voice.sip.message.SipHeaders;
import dev.parley.voice.sip.message.SipUri;
import dev.parley.wire.Json;
import dev.parley.wire.VoiceWebhookJson;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls that reach Parley over SIP: a carrier's (from a trunk's address) routed to an application by
 * the number it dialled, any other by the request's domain (404 when neither is known, 403 when the
 * caller is outside the domain's ACL, with no trace left), recorded as a leg in
 * a conversation of its own, then run by the NCCO the application's answer URL returns. Each call runs
 * on a virtual thread of its own. Thread-safe.
 */
final class InboundCalls implements CallListener {
    private static final Logger LOG = LoggerFactory.getLogger(InboundCalls.class);

    private final SipDomainService domains;
    private final PhoneRoutes phoneRoutes;
    private final LegRecorder recorder;
    private final AnswerClient answers;
    private final MediaSetup media;
    private final CallRegistry registry;
    private final Map<String, CallSession> byCallId = new ConcurrentHashMap<>();
    private final Rooms rooms;
    private final NccoRunner runner;

    InboundCalls(
            SipDomainService domains,
            PhoneRoutes phoneRoutes,
            LegRecorder recorder,
            AnswerClient answers,
            MediaSetup media,
            CallRegistry registry,
            Rooms rooms,
            NccoRunner runner) {
        this.rooms = rooms;
        this.runner = runner;
        this.domains = domains;
        this.phoneRoutes = phoneRoutes;
        this.recorder = recorder;
        this.answers = answers;
        this.media = media;
        this.registry = registry;
    }

    @Override
    public void invited(IncomingCall call) {
        CallSession session = new CallSession(call::hangup);
        byCallId.put(call.callId(), session);
        Thread.ofVirtual().name("parley-call-" + call.callId()).start(() -> {
            try {
                run(call, session);
            } catch (RuntimeException e) {
                LOG.warn("call {} failed", call.callId(), e);
                call.hangup();
                recorder.finish(session, "failed", LegStatus.FAILED);
            } finally {
                rooms.leave(session);
                if (session.media.rtp != null) {
                    session.media.rtp.close();
                }
                if (session.leg != null) {
                    registry.remove(session);
                }
                byCallId.remove(call.callId(), session);
            }
        });
    }

    /** Where an inbound call goes: its application, channel, the leg's from and to, the answer URL's to and from. */
    private record Route(
            String applicationId, String channel, String fromJson, String toJson, String to, String from) {}

    /**
     * A carrier's call (from a trunk's address) reaches the application its dialled number is linked
     * to, as a {@code phone} leg; any other call is routed by its domain as a {@code sip} leg. Empty,
     * with the refusal sent, when there is no route: 404 (a number no application has, even when a
     * domain would match: a carrier's calls are routed by number only; an unknown domain) or 403 (a
     * domain whose ACL does not admit the caller).
     */
    private Optional<Route> route(IncomingCall call) {
        java.net.InetAddress source = call.source().getAddress();
        if (phoneRoutes.carrier(source).isPresent()) {
            String dialled = Optional.ofNullable(SipUri.user(call.requestUri()))
                    .filter(user ->
                            dev.parley.service.NumberService.normalize(user).isPresent())
                    .orElseGet(() -> SipUri.user(call.to().uri()));
            Optional<dev.parley.domain.PhoneNumber> number = phoneRoutes.dialled(dialled);
            if (number.isEmpty()) {
                call.reject(404); // the carrier's call is for a number no application has
                return Optional.empty();
            }
            String user = SipUri.user(call.from().uri());
            String caller = dev.parley.service.NumberService.normalize(user).orElse(user == null ? "" : user);
            String callee = number.get().number();
            return Optional.of(
                    new Route(number.get().applicationId(), "phone", phone(caller), phone(callee), callee, caller));
        }
        String host = SipUri.host(call.requestUri()).toLowerCase(Locale.ROOT);
        Optional<SipDomain> domain = domains.find(host);
        if (domain.isEmpty() || !domain.get().admits(source)) {
            call.reject(domain.isEmpty() ? 404 : 403);
            return Optional.empty();
        }
        return Optional.of(new Route(
                domain.get().applicationId(),
                "sip",
                endpoint(call.from().uri()),
                endpoint(call.requestUri()),
                userOrUri(call.requestUri()),
                userOrUri(call.from().uri())));
    }

    private void run(IncomingCall call, CallSession session) {
        Optional<Route> routed = route(call);
        if (routed.isEmpty()) {
            return;
        }
        Route route = routed.get();
        Optional<Sdp> offer = call.offer().filter(sdp -> sdp.g711().isPresent());
        if (offer.isEmpty()) {
            call.reject(488); // nothing Parley can speak: G.711 only
            return;
        }
        String applicationId = route.applicationId();
        String host = SipUri.host(call.requestUri()).toLowerCase(Locale.ROOT);
        VoiceWebhooks webhooks = recorder.voice().webhooks(applicationId);
        session.leg = recorder.voice()
                .start(
                        applicationId,
                        route.channel(),
                        Leg.Direction.INBOUND,
                        route.fromJson(),
                        route.toJson(),
                        webhooks);
        registry.add(session);
        if (session.ncco.isEnded()) { // cancelled before its leg was recorded
            recorder.record(session, LegStatus.CANCELLED);
            return;
        }
        // Stored before the 180 leaves: a CANCEL the caller sends on hearing it must find the leg ringing.
        recorder.record(session, LegStatus.RINGING);
        recorder.sipEvent(session, "sip:ringing", Json.object());
        call.ringing();
        if (webhooks.answerUrl() == null) {
            LOG.warn("call {} to {}: application {} has no answer URL", call.callId(), host, applicationId);
            recorder.error(session, "The application has no answer URL.");
            call.reject(480);
            recorder.record(session, LegStatus.FAILED);
            return;
        }
        AnswerClient.Reply reply = answers.ncco(
                webhooks.answerUrl(),
                webhooks.answerMethod(),
                webhooks.fallbackAnswerUrl(),
                answerParams(call, session.leg, route));
        Optional<JsonNode> answer = reply.ncco();
        if (session.ncco.isEnded()) { // the caller cancelled while the answer URL was asked
            return;
        }
        List<NccoAction> ncco;
        try {
            ncco = NccoParser.parse(answer.orElse(null));
        } catch (NccoException e) {
            String reason = answer.isEmpty() ? reply.whyNone("the answer URL") : e.getMessage();
            LOG.info("call {}: {}", call.callId(), reason);
            recorder.error(session, reason);
            call.reject(480);
            recorder.record(session, LegStatus.FAILED);
            return;
        }
        if (!answer(call, session, offer.get())) {
            return;
        }
        rooms.join(session);
        runner.run(session, ncco);
        call.hangup(); // the call ends after the last action
        recorder.finish(session, "local hangup", LegStatus.FAILED);
    }

    /** Answers with our media address and waits for the ACK; false when the caller went away. */
    private boolean answer(IncomingCall call, CallSession session, Sdp offer) {
        try {
            media.open(session, offer);
        } catch (java.io.UncheckedIOException e) {
            LOG.warn("call {}: {}", call.callId(), e.getMessage());
            recorder.error(session, "No RTP port was free on this node.");
            call.reject(503);
            recorder.record(session, LegStatus.FAILED);
            return false;
        }
        call.answer(media.answerTo(session, offer));
        try {
            // The SIP layer resends the 200 for up to 32 s and then gives up with BYE.
            while (!session.established.await(100, TimeUnit.MILLISECONDS)) {
                if (session.ncco.isEnded()) {
                    return false;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return true; // answered is recorded by established(), in order with what the caller sends next
    }

    /** The answer webhook's fields (and the caller's X- headers, as SipHeader_X-...). */
    private static Map<String, String> answerParams(IncomingCall call, Leg leg, Route route) {
        Map<String, String> params = VoiceWebhookJson.answer(route.to(), route.from(), leg);
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

    private static String phone(String number) {
        return Json.object().put("type", "phone").put("number", number).toString();
    }

    private static String endpoint(String uri) {
        return Json.object().put("type", "sip").put("uri", uri).toString();
    }

    @Override
    public void cancelled(IncomingCall call) {
        CallSession session = byCallId.get(call.callId());
        if (session != null) {
            session.ncco.end();
            recorder.record(session, LegStatus.CANCELLED);
        }
    }

    @Override
    public void established(IncomingCall call) {
        CallSession session = byCallId.get(call.callId());
        if (session != null) {
            recorder.answered(session);
            session.established.countDown();
        }
    }

    @Override
    public byte[] reoffered(IncomingCall call, Sdp offer) {
        CallSession session = byCallId.get(call.callId());
        return session == null ? null : media.reoffered(session, offer);
    }

    @Override
    public void ended(IncomingCall call, String reason) {
        CallSession session = byCallId.get(call.callId());
        if (session != null) {
            recorder.finish(session, reason, LegStatus.FAILED);
        }
    }
}
