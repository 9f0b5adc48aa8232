package dev.parley.store;

import dev.parley.domain.ConversationId;
import dev.parley.domain.Leg;
import dev.parley.domain.LegId;
import dev.parley.domain.LegStatus;
import java.util.List;
import java.util.Optional;

/** Call legs. */
public interface LegStore {
    void insert(Leg leg);

    /** Writes the leg's status, history and times (the rest of a leg never changes). */
    void update(Leg leg);

    Optional<Leg> find(String applicationId, LegId id);

    /**
     * What {@code GET /v1/calls} and {@code /v0.1/legs} filter on; null fields do not filter. {@code
     * fromMs} inclusive, {@code toMs} exclusive.
     */
    record Filter(LegStatus status, Long fromMs, Long toMs, ConversationId conversationId) {}

    /** One offset page (the Voice API pages by {@code record_index}), oldest first or newest first. */
    List<Leg> list(String applicationId, Filter filter, int recordIndex, int pageSize, boolean ascending);

    /** How many legs the filter matches, for the page's {@code count}. */
    int count(String applicationId, Filter filter);
}
