package dev.parley.service;

import dev.parley.auth.Access;
import dev.parley.auth.Principal;
import dev.parley.domain.DomainException;
import dev.parley.domain.ErrorCode;
import dev.parley.domain.Leg;
import dev.parley.domain.LegFilter;
import dev.parley.domain.LegId;
import dev.parley.store.Store;
import java.util.List;

/**
 * The Voice API's calls, read: a call is one leg (the Voice API's {@code uuid}). Only an application's
 * own (admin) token sees its calls, as on the hosted service. Thread-safe.
 */
public final class CallService {
    private final Store store;
    private final CallControl control;

    public CallService(Store store, CallControl control) {
        this.store = store;
        this.control = control;
    }

    /** What {@code PUT /v1/calls/{uuid}} may ask for. */
    public enum Action {
        HANGUP,
        MUTE,
        UNMUTE,
        EARMUFF,
        UNEARMUFF,
        TRANSFER
    }

    /**
     * Applies {@code action} to a call in progress. Hangup ends it (BYE); the others answer that they
     * are not supported yet rather than pretend (the mixer brings them).
     */
    public void modify(Principal principal, String uuid, Action action) {
        Leg leg = get(principal, uuid);
        if (leg.status().isFinal()) {
            throw new DomainException.Rejected(
                    ErrorCode.CALL_NOT_ACTIVE,
                    "The call has already ended (" + leg.status().wire() + ").");
        }
        if (action != Action.HANGUP) {
            throw new DomainException.Rejected(
                    ErrorCode.CALL_ACTION_NOT_SUPPORTED,
                    "The " + action.name().toLowerCase(java.util.Locale.ROOT) + " action is not supported yet.");
        }
        if (!control.hangup(leg.id())) {
            throw new DomainException.Rejected(ErrorCode.CALL_NOT_ACTIVE, "The call is not running on this server.");
        }
    }

    /** One offset page of calls and how many match in all. */
    public record CallPage(List<Leg> calls, int count, int recordIndex, int pageSize) {}

    public CallPage list(Principal principal, LegFilter filter, int recordIndex, int pageSize, boolean ascending) {
        Access.requireAdmin(principal, "list calls");
        return store.read(tx -> new CallPage(
                tx.legs().list(principal.applicationId(), filter, recordIndex, pageSize, ascending),
                tx.legs().count(principal.applicationId(), filter),
                recordIndex,
                pageSize));
    }

    public Leg get(Principal principal, String uuid) {
        Access.requireAdmin(principal, "read calls");
        return LegId.parse(uuid)
                .flatMap(id -> store.read(tx -> tx.legs().find(principal.applicationId(), id)))
                .orElseThrow(() -> new DomainException.NotFound(ErrorCode.CALL_NOT_FOUND, "Call does not exist."));
    }
}
