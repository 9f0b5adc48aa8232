package dev.parley.store;

import dev.parley.domain.PhoneNumber;
import java.util.List;
import java.util.Optional;

/** Phone numbers linked to applications. */
public interface NumberStore {
    /** @throws UniqueViolation when the number is linked already */
    void insert(PhoneNumber number);

    Optional<PhoneNumber> find(String number);

    /** The application's numbers, in order. */
    List<PhoneNumber> ofApplication(String applicationId);

    /** Every number, in order. */
    List<PhoneNumber> all();

    /** Numbers that leave through the trunk. */
    int countOnTrunk(String trunkName);

    /** Unlinks the number; false when it was not linked. */
    boolean delete(String number);
}
