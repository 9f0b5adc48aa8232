package dev.parley.voice.sip;

import dev.parley.voice.sip.message.SipHeaders;
import dev.parley.voice.sip.message.SipMessage;
import dev.parley.voice.sip.message.SipUri;
import dev.parley.voice.sip.transaction.SipTimers;
import dev.parley.voice.sip.transport.SipTransport;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A registration Parley keeps alive with a carrier's registrar (RFC 3261 §10), so the carrier knows
 * where to send calls for the account: a REGISTER with our Contact, answered once per challenge with
 * digest credentials (401 or 407), renewed at half the granted expiry, tried again a minute after a
 * failure or no answer. Each REGISTER is a non-INVITE client transaction (resent over UDP until a
 * final answer, given up after 64·T1). One Call-ID for its life, CSeq rising. {@link #close} removes
 * the binding (Expires: 0). Thread-safe.
 */
public final class Registration implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Registration.class);
    /** What Parley asks for; the registrar may grant less. */
    static final int REQUESTED_EXPIRES = 3_600;
    /** How long after a failure the next attempt is made. */
    static final long RETRY_MS = 60_000;

    private final SipEndpoint endpoint;
    private final SipTransport transport;
    private final InetSocketAddress registrar;
    private final String registrarUri;
    private final String aor;
    private final DigestAuth.Credentials credentials;
    private final String callId = UUID.randomUUID() + "@parley";
    private final String fromTag = SipEndpoint.tag();

    private long cseq;
    private SipMessage.Request pending;
    private boolean challengeAnswered;
    private boolean closed;
    private SipTimers.Timer renew;
    private volatile boolean registered;
    private volatile int lastStatus;
    private volatile long registrations;

    Registration(
            SipEndpoint endpoint,
            SipTransport transport,
            InetSocketAddress registrar,
            String registrarUri,
            DigestAuth.Credentials credentials) {
        this.endpoint = endpoint;
        this.transport = transport;
        this.registrar = registrar;
        this.registrarUri = registrarUri;
        this.credentials = credentials;
        this.aor = "sip:" + credentials.username() + "@" + SipUri.host(registrarUri);
    }

    public String callId() {
        return callId;
    }

    /** Whether the registrar accepted the last REGISTER and its binding has not expired. */
    public boolean registered() {
        return registered;
    }

    /** The status of the last final answer (0 before any). */
    public int lastStatus() {
        return lastStatus;
    }

    /** How many times the registrar has accepted a REGISTER of this registration. */
    public long registrations() {
        return registrations;
    }

    synchronized void start() {
        send(REQUESTED_EXPIRES, null);
    }

    /** A fresh REGISTER (a new transaction); {@code authorization}: the header answering a challenge. */
    private void send(int expires, SipHeaders.Field authorization) {
        stopTimers();
        SipHeaders h = SipHeaders.empty()
                .with("Via", transport.via(SipEndpoint.tag()))
                .with("Max-Forwards", "70")
                .with("From", "<" + aor + ">;tag=" + fromTag)
                .with("To", "<" + aor + ">")
                .with("Call-ID", callId)
                .with("CSeq", ++cseq + " REGISTER")
                .with("Contact", transport.contact(credentials.username()))
                .with("Expires", Integer.toString(expires))
                .with("User-Agent", "Parley");
        if (authorization != null) {
            h = h.with(authorization.name(), authorization.value());
        }
        SipMessage.Request request = new SipMessage.Request("REGISTER", registrarUri, h, null);
        pending = request;
        endpoint.transactions().sendNonInvite(request, transport, registrar, response -> {
            if (response == null) {
                noAnswer(request);
            } else {
                responded(response);
            }
        });
    }

    private synchronized void noAnswer(SipMessage.Request request) {
        if (pending != request || closed) {
            return;
        }
        pending = null;
        LOG.warn("registration with {}: no answer; trying again in {} s", registrarUri, RETRY_MS / 1000);
        registered = false;
        lastStatus = 408;
        scheduleAttempt(RETRY_MS);
    }

    private synchronized void responded(SipMessage.Response response) {
        if (pending == null || response.cseq().number() != pending.cseq().number()) {
            return; // a retransmitted answer to a transaction that is over
        }
        int status = response.status(); // a final: its transaction keeps provisional ones to itself
        SipMessage.Request answered = pending;
        pending = null;
        stopTimers();
        lastStatus = status;
        if (closed) {
            return;
        }
        if ((status == 401 || status == 407) && !challengeAnswered) {
            String header = status == 401 ? "WWW-Authenticate" : "Proxy-Authenticate";
            Optional<java.util.Map<String, String>> challenge =
                    response.headers().first(header).flatMap(DigestAuth::challenge);
            if (challenge.isPresent() && credentials.answer(challenge.get().get("realm"))) {
                challengeAnswered = true;
                String value = DigestAuth.answer(challenge.get(), credentials, "REGISTER", registrarUri, null);
                send(
                        Integer.parseInt(answered.headers().first("Expires").orElse("3600")),
                        new SipHeaders.Field(status == 401 ? "Authorization" : "Proxy-Authorization", value));
                return;
            }
        }
        challengeAnswered = false;
        if (status >= 300) {
            registered = false;
            LOG.warn(
                    "registration with {} refused: {} {}; trying again in {} s",
                    registrarUri,
                    status,
                    response.reason(),
                    RETRY_MS / 1000);
            scheduleAttempt(RETRY_MS);
            return;
        }
        int granted = grantedExpires(response);
        registered = true;
        registrations++;
        LOG.info("registered with {} for {} s", registrarUri, granted);
        scheduleAttempt(Math.max(1_000L, granted * 1_000L / 2));
    }

    /** The expiry the registrar granted: our Contact's {@code expires}, else Expires, else what we asked. */
    private int grantedExpires(SipMessage.Response response) {
        for (String contact : response.headers().all("Contact")) {
            int at = contact.toLowerCase(Locale.ROOT).indexOf(";expires=");
            if (at >= 0) {
                String digits = contact.substring(at + 9).replaceAll("[^0-9].*", "");
                if (!digits.isEmpty()) {
                    return Integer.parseInt(digits);
                }
            }
        }
        return response.headers()
                .first("Expires")
                .map(String::strip)
                .filter(v -> v.matches("\\d{1,9}"))
                .map(Integer::parseInt)
                .orElse(REQUESTED_EXPIRES);
    }

    private void scheduleAttempt(long delayMs) {
        renew = endpoint.timers()
                .schedule(
                        () -> {
                            synchronized (this) {
                                if (!closed) {
                                    send(REQUESTED_EXPIRES, null);
                                }
                            }
                        },
                        delayMs);
    }

    private void stopTimers() {
        if (renew != null) {
            renew.cancel();
            renew = null;
        }
    }

    /** Stops renewing and asks the registrar to drop the binding (one REGISTER with Expires: 0). */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        boolean wasRegistered = registered;
        registered = false;
        stopTimers();
        pending = null;
        if (wasRegistered) {
            send(0, null); // resent until answered; no challenge is answered any more: best effort
        }
        endpoint.forget(this);
    }
}
