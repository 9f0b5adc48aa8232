package dev.parley.voice.calls;

import dev.parley.domain.PhoneNumber;
import dev.parley.domain.Trunk;
import dev.parley.service.NumberService;
import dev.parley.service.TrunkService;
import dev.parley.voice.sip.DigestAuth;
import dev.parley.voice.sip.message.SipUri;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The Phone channel's routing: which trunk a call to a number leaves through, and which application a
 * carrier's call reaches (the one its dialled number is linked to). A call leaves only from one of its
 * application's own numbers, through that number's trunk (a number linked without one: the node's only
 * trunk), or from a caller id the operator lets a trunk present ({@code --caller-ids}) through that
 * trunk, when the application has numbers on it; a {@code sip} endpoint aimed at a trunk's proxy is
 * held to the same rule. Anything else is refused before anything is sent, so no application can call
 * with another's caller id, trunk or credentials (docs/VOICE.md, "Caller ids and trunks"). Numbers go
 * to the carrier as E.164 digits, with a {@code +} for a trunk whose carrier wants one. Thread-safe.
 */
final class PhoneRoutes {
    private final TrunkService trunks;
    private final NumberService numbers;

    PhoneRoutes(TrunkService trunks, NumberService numbers) {
        this.trunks = trunks;
        this.numbers = numbers;
    }

    /**
     * How a call of {@code applicationId} from {@code fromNumber} (may be null) to {@code toNumber} is
     * placed; empty when no trunk is configured at all.
     *
     * @throws CallerIdRefused when {@code fromNumber} is not the application's to call from
     */
    Optional<OutboundCalls.SipTarget> outbound(String applicationId, String toNumber, String fromNumber)
            throws CallerIdRefused {
        List<Trunk> all = trunks.list();
        if (all.isEmpty()) {
            return Optional.empty();
        }
        String caller = callerId(fromNumber);
        Trunk t = trunkFor(applicationId, caller, all);
        String proxy = t.proxy().substring("sip:".length());
        String fromHost = t.fromDomain() != null ? t.fromDomain() : SipUri.host(t.proxy());
        DigestAuth.Credentials credentials =
                t.hasCredentials() ? new DigestAuth.Credentials(t.username(), t.password(), t.realm()) : null;
        return Optional.of(new OutboundCalls.SipTarget(
                "sip:" + t.carrierNumber(toNumber) + "@" + proxy,
                t.carrierNumber(caller),
                fromHost,
                List.of(),
                credentials,
                null));
    }

    /**
     * Checks a {@code sip} endpoint: one aimed at a trunk's proxy reaches that carrier, so it is held to
     * the phone rule (the application has numbers on that trunk, and {@code fromUser} is a caller id it
     * may present through it); any other passes.
     */
    void checkSipEndpoint(String applicationId, String uri, String fromUser) throws CallerIdRefused {
        List<Trunk> all = trunks.list();
        Optional<Trunk> carrier =
                all.stream().filter(t -> sameHostAndPort(t.proxy(), uri)).findFirst();
        if (carrier.isEmpty()) {
            return;
        }
        if (!trunksOf(applicationId, all).contains(carrier.get().name())) {
            throw new CallerIdRefused(
                    "to",
                    uri + " is the proxy of a carrier trunk this application has no numbers on; call numbers"
                            + " through its own trunk with a phone endpoint");
        }
        Trunk via = trunkFor(applicationId, callerId(fromUser), all);
        if (!via.name().equals(carrier.get().name())) {
            throw new CallerIdRefused(
                    "from", fromUser + " leaves through another trunk than the one " + uri + " is the proxy of");
        }
    }

    private static String callerId(String fromNumber) throws CallerIdRefused {
        if (fromNumber == null || fromNumber.isBlank()) {
            throw new CallerIdRefused(
                    "from", "a call to the phone network needs a from number: one of the application's numbers");
        }
        return NumberService.normalize(fromNumber)
                .orElseThrow(() -> new CallerIdRefused(
                        "from", "must be an E.164 number, one of the application's (got " + fromNumber + ")"));
    }

    /** The trunk a call from {@code caller} (E.164 digits) may leave through, or why there is none. */
    private Trunk trunkFor(String applicationId, String caller, List<Trunk> all) throws CallerIdRefused {
        Optional<PhoneNumber> own =
                numbers.find(caller).filter(n -> n.applicationId().equals(applicationId));
        if (own.isPresent()) {
            Optional<Trunk> its = trunkOf(own.get(), all);
            if (its.isEmpty()) {
                throw new CallerIdRefused(
                        "from",
                        "the number " + caller + " is linked without a trunk, and this server has several:"
                                + " link it with --trunk");
            }
            return its.get();
        }
        Set<String> ownTrunks = trunksOf(applicationId, all);
        return all.stream()
                .filter(t -> ownTrunks.contains(t.name()) && t.allowsCallerId(caller))
                .findFirst()
                .orElseThrow(() -> new CallerIdRefused(
                        "from",
                        caller + " is not one of this application's numbers (bin/parley number link) nor a caller"
                                + " id its trunks allow (bin/parley trunk create --caller-ids)"));
    }

    /** The trunk calls from {@code number} leave through: its own, or the node's only one. */
    private static Optional<Trunk> trunkOf(PhoneNumber number, List<Trunk> all) {
        if (number.trunkName() == null) {
            return all.size() == 1 ? Optional.of(all.get(0)) : Optional.empty();
        }
        return all.stream().filter(t -> t.name().equals(number.trunkName())).findFirst();
    }

    /** The names of the trunks the application's numbers leave through. */
    private Set<String> trunksOf(String applicationId, List<Trunk> all) {
        Set<String> names = new HashSet<>();
        for (PhoneNumber number : numbers.ofApplication(applicationId)) {
            trunkOf(number, all).ifPresent(t -> names.add(t.name()));
        }
        return names;
    }

    /**
     * Whether a SIP URI reaches a trunk's proxy: the same port, and the same host or one of its
     * addresses (a name that does not resolve matches only itself).
     */
    private static boolean sameHostAndPort(String proxy, String uri) {
        if (SipUri.port(proxy) != SipUri.port(uri)) {
            return false;
        }
        String a = bare(SipUri.host(proxy));
        String b = bare(SipUri.host(uri));
        if (a.equalsIgnoreCase(b)) {
            return true;
        }
        Set<InetAddress> theirs = addresses(a);
        return addresses(b).stream().anyMatch(theirs::contains);
    }

    private static String bare(String host) {
        return host.replace("[", "").replace("]", "");
    }

    private static Set<InetAddress> addresses(String host) {
        try {
            return new HashSet<>(Arrays.asList(InetAddress.getAllByName(host)));
        } catch (UnknownHostException e) {
            return Set.of();
        }
    }

    /** The first of {@code candidates} (null ones skipped) that is one of the application's numbers. */
    Optional<String> firstOwnNumber(String applicationId, List<String> candidates) {
        return candidates.stream()
                .filter(java.util.Objects::nonNull)
                .flatMap(candidate -> numbers.find(candidate).stream())
                .filter(n -> n.applicationId().equals(applicationId))
                .map(PhoneNumber::number)
                .findFirst();
    }

    /** The trunk whose carrier sent a request from {@code source}, if any. */
    Optional<Trunk> carrier(InetAddress source) {
        return trunks.list().stream().filter(t -> t.admits(source)).findFirst();
    }

    /** The linked number a carrier's call dialled, if it is one. */
    Optional<PhoneNumber> dialled(String number) {
        return numbers.find(number);
    }

    /** One of the application's numbers, for {@code random_from_number}. */
    Optional<String> randomNumberOf(String applicationId) {
        return numbers.randomOf(applicationId).map(PhoneNumber::number);
    }

    /** The trunks that want a registration kept alive. */
    List<Trunk> registering() {
        return trunks.list().stream().filter(Trunk::register).toList();
    }
}
