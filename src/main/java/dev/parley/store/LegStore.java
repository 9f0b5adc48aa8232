package dev.parley.store;

import dev.parley.domain.Leg;
import dev.parley.domain.LegFilter;
import dev.parley.domain.LegId;
import java.util.List;
import java.util.Optional;

/** Call legs. */
public interface LegStore {
    void insert(Leg leg);

    /** A leg whose call runs on {@code node} (null: not known), so a restart finds it unfinished. */
    void insert(Leg leg, String node);

    /** The legs of calls on {@code node} that have not ended (all applications'). */
    List<Leg> unfinishedOn(String node);

    /** The nodes with a heartbeat that run calls in conversation {@code id} that have not ended. */
    List<String> nodesRunning(dev.parley.domain.ConversationId id);

    /** The node leg {@code id}'s call runs on (null: not known). */
    Optional<String> nodeOf(LegId id);

    /** Writes the leg's conversation, status, history and times (the rest of a leg never changes). */
    void update(Leg leg);

    Optional<Leg> find(String applicationId, LegId id);

    /** One offset page (the Voice API pages by {@code record_index}), oldest first or newest first. */
    List<Leg> list(String applicationId, LegFilter filter, int recordIndex, int pageSize, boolean ascending);

    /** How many legs the filter matches, for the page's {@code count}. */
    int count(String applicationId, LegFilter filter);
}
