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

    public CallService(Store store) {
        this.store = store;
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
