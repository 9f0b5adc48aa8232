package dev.parley.voice.calls;

import dev.parley.domain.LegId;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The calls running on this node, by leg. Thread-safe. */
final class CallRegistry {
    private final Map<LegId, CallSession> sessions = new ConcurrentHashMap<>();

    void add(CallSession session) {
        sessions.put(session.leg.id(), session);
    }

    void remove(CallSession session) {
        sessions.remove(session.leg.id(), session);
    }

    /** The leg's call if it runs here and has not ended. */
    Optional<CallSession> find(LegId leg) {
        return Optional.ofNullable(sessions.get(leg)).filter(session -> !session.ncco.isEnded());
    }

    /** Every call running here, for sweeps such as the RTP timeout. */
    java.util.Collection<CallSession> all() {
        return sessions.values();
    }

    int size() {
        return sessions.size();
    }
}
