package dev.parley.voice.calls;

import dev.parley.domain.PhoneNumber;
import dev.parley.domain.Trunk;
import dev.parley.service.NumberService;
import dev.parley.service.TrunkService;
import dev.parley.voice.sip.DigestAuth;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * The Phone channel's routing: which trunk a call to a number leaves through (the trunk of the number
 * it is from, when that number is the application's and has one; else the first trunk by name), and
 * which application a carrier's call reaches (the one its dialled number is linked to). Numbers go to
 * the carrier as E.164 digits, with a {@code +} for a trunk whose carrier wants one. Thread-safe.
 */
final class PhoneRoutes {
    private final TrunkService trunks;
    private final NumberService numbers;

    PhoneRoutes(TrunkService trunks, NumberService numbers) {
        this.trunks = trunks;
        this.numbers = numbers;
    }

    /**
     * How a call from {@code fromNumber} (may be null) of {@code applicationId} to {@code toNumber}
     * is placed; empty when no trunk is configured.
     */
    Optional<OutboundCalls.SipTarget> outbound(String applicationId, String toNumber, String fromNumber) {
        Optional<Trunk> trunk = Optional.ofNullable(fromNumber)
                .flatMap(numbers::find)
                .filter(n -> n.applicationId().equals(applicationId) && n.trunkName() != null)
                .flatMap(n -> trunks.find(n.trunkName()));
        if (trunk.isEmpty()) {
            List<Trunk> all = trunks.list();
            trunk = all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
        }
        return trunk.map(t -> {
            String proxy = t.proxy().substring("sip:".length());
            String caller = Optional.ofNullable(fromNumber)
                    .flatMap(NumberService::normalize)
                    .map(t::carrierNumber)
                    .orElse("anonymous");
            String fromHost =
                    t.fromDomain() != null ? t.fromDomain() : dev.parley.voice.sip.message.SipUri.host(t.proxy());
            DigestAuth.Credentials credentials =
                    t.hasCredentials() ? new DigestAuth.Credentials(t.username(), t.password(), t.realm()) : null;
            return new OutboundCalls.SipTarget(
                    "sip:" + t.carrierNumber(toNumber) + "@" + proxy, caller, fromHost, List.of(), credentials, null);
        });
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
