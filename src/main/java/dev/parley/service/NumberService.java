package dev.parley.service;

import dev.parley.domain.Clock;
import dev.parley.domain.DomainException;
import dev.parley.domain.ErrorCode;
import dev.parley.domain.PhoneNumber;
import dev.parley.store.Store;
import dev.parley.store.UniqueViolation;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Phone numbers linked to applications (the Voice API's "link a number"): an inbound trunk call to a
 * linked number reaches its application; {@code random_from_number} picks one of the application's.
 * Numbers are E.164, kept as digits without the {@code +}. Thread-safe.
 */
public final class NumberService {
    /** E.164: a country code and number, 7 to 15 digits, no leading zero. */
    private static final Pattern E164 = Pattern.compile("[1-9][0-9]{6,14}");

    private final Store store;
    private final Clock clock;

    public NumberService(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** {@code number} as stored: digits only, the {@code +} and spaces, dashes, dots and brackets taken out. */
    public static Optional<String> normalize(String number) {
        if (number == null) {
            return Optional.empty();
        }
        String digits = number.strip().replaceAll("[\\s\\-.()]", "");
        if (digits.startsWith("+")) {
            digits = digits.substring(1);
        }
        return E164.matcher(digits).matches() ? Optional.of(digits) : Optional.empty();
    }

    public PhoneNumber link(String number, String applicationId, String trunkName) {
        String digits = normalize(number)
                .orElseThrow(() -> DomainException.Invalid.of(
                        "number", "must be an E.164 number such as 447700900000 or +14155550100"));
        return store.write(tx -> {
            if (tx.applications().find(applicationId).isEmpty()) {
                throw new DomainException.NotFound(
                        ErrorCode.APPLICATION_NOT_FOUND, "There is no application " + applicationId + ".");
            }
            String trunk = null;
            if (trunkName != null) {
                trunk = tx.trunks()
                        .find(trunkName.strip())
                        .orElseThrow(() -> new DomainException.NotFound(
                                ErrorCode.TRUNK_NOT_FOUND, "There is no trunk " + trunkName.strip() + "."))
                        .name();
            }
            PhoneNumber linked = new PhoneNumber(digits, applicationId, trunk, clock.nowMs());
            try {
                tx.numbers().insert(linked);
            } catch (UniqueViolation e) {
                throw new DomainException.Conflict(
                        ErrorCode.NUMBER_ALREADY_LINKED,
                        "The number " + digits + " is linked already: unlink it first.");
            }
            return linked;
        });
    }

    public List<PhoneNumber> list() {
        return store.read(tx -> tx.numbers().all());
    }

    public void unlink(String number) {
        String digits = normalize(number).orElse(number == null ? "" : number.strip());
        if (!store.write(tx -> tx.numbers().delete(digits))) {
            throw new DomainException.NotFound(ErrorCode.NUMBER_NOT_FOUND, "The number " + digits + " is not linked.");
        }
    }

    /** The linked number an inbound call dialled, if it is one. */
    public Optional<PhoneNumber> find(String number) {
        return normalize(number).flatMap(digits -> store.read(tx -> tx.numbers().find(digits)));
    }

    /** The numbers linked to the application. */
    public List<PhoneNumber> ofApplication(String applicationId) {
        return store.read(tx -> tx.numbers().ofApplication(applicationId));
    }

    /** One of the application's numbers, picked at random ({@code random_from_number}). */
    public Optional<PhoneNumber> randomOf(String applicationId) {
        List<PhoneNumber> numbers = ofApplication(applicationId);
        return numbers.isEmpty()
                ? Optional.empty()
                : Optional.of(numbers.get(ThreadLocalRandom.current().nextInt(numbers.size())));
    }
}
