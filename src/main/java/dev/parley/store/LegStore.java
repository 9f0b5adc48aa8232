package dev.parley.store;

import dev.parley.domain.Leg;
import dev.parley.domain.LegFilter;
import dev.parley.domain.LegId;
import java.util.List;
import java.util.Optional;

/** Call legs. */
public interface LegStore {
    void insert(Leg leg);

    /** Writes the leg's conversation, status, history and times (the rest of a leg never changes). */
    void update(Leg leg);

    Optional<Leg> find(String applicationId, LegId id);

    /** One offset page (the Voice API pages by {@code record_index}), oldest first or newest first. */
    List<Leg> list(String applicationId, LegFilter filter, int recordIndex, int pageSize, boolean ascending);

    /** How many legs the filter matches, for the page's {@code count}. */
    int count(String applicationId, LegFilter filter);
}
