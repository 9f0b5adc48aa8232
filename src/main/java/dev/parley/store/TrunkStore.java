package dev.parley.store;

import dev.parley.domain.Trunk;
import java.util.List;
import java.util.Optional;

/** SIP trunks to carriers. */
public interface TrunkStore {
    /** @throws UniqueViolation when the name is taken */
    void insert(Trunk trunk);

    Optional<Trunk> find(String name);

    /** Every trunk, by name. */
    List<Trunk> all();

    /** Removes the trunk; false when there was none. */
    boolean delete(String name);
}
