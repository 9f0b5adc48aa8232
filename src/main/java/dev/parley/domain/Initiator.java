package dev.parley.domain;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Who moved a member into each of its states: one {@link Who} per transition ({@code invited},
 * {@code joined}, {@code left}). Immutable.
 */
public record Initiator(Map<MemberState, Who> entries) {
    /** The system (an admin token), or a user acting through its member (when it has one). */
    public record Who(boolean isSystem, UserId userId, MemberId memberId) {
        public static final Who SYSTEM = new Who(true, null, null);

        public static Who user(UserId userId, MemberId memberId) {
            return new Who(false, userId, memberId);
        }
    }

    public static final Initiator NONE = new Initiator(Map.of());

    public Initiator {
        EnumMap<MemberState, Who> copy = new EnumMap<>(MemberState.class);
        copy.putAll(entries);
        entries = Collections.unmodifiableMap(copy);
    }

    /** The same entries with {@code state}'s set to {@code who}. */
    public Initiator with(MemberState state, Who who) {
        EnumMap<MemberState, Who> next = new EnumMap<>(MemberState.class);
        next.putAll(entries);
        next.put(state, who);
        return new Initiator(next);
    }

    /** How the member came in: its {@code joined} entry, else its {@code invited} one. */
    public Optional<Map.Entry<MemberState, Who>> howItCameIn() {
        for (MemberState state : new MemberState[] {MemberState.JOINED, MemberState.INVITED}) {
            if (entries.containsKey(state)) {
                return Optional.of(Map.entry(state, entries.get(state)));
            }
        }
        return Optional.empty();
    }

    /**
     * The entries a member event into {@code state} shows: its own, and for {@code member:left} also the
     * {@code joined} one the event schema lists beside it.
     */
    public Map<MemberState, Who> forEventInto(MemberState state) {
        EnumMap<MemberState, Who> shown = new EnumMap<>(MemberState.class);
        if (state == MemberState.LEFT && entries.containsKey(MemberState.JOINED)) {
            shown.put(MemberState.JOINED, entries.get(MemberState.JOINED));
        }
        if (entries.containsKey(state)) {
            shown.put(state, entries.get(state));
        }
        return shown;
    }
}
