package dev.parley.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.auth.Access;
import dev.parley.auth.Principal;
import dev.parley.domain.Clock;
import dev.parley.domain.Conversation;
import dev.parley.domain.DomainException;
import dev.parley.domain.ErrorCode;
import dev.parley.domain.Errors;
import dev.parley.domain.Ids;
import dev.parley.domain.Key;
import dev.parley.domain.Member;
import dev.parley.domain.MemberState;
import dev.parley.domain.User;
import dev.parley.domain.UserConversation;
import dev.parley.domain.UserId;
import dev.parley.store.Slice;
import dev.parley.store.Store;
import dev.parley.store.UniqueViolation;
import dev.parley.wire.Json;
import java.util.Optional;
import java.util.UUID;

/** User use cases. Only admin tokens create, change or delete users; any token may read them. */
public final class UserService {
    private final Store store;
    private final Clock clock;
    private final MemberService members;

    public UserService(Store store, Clock clock, MemberService members) {
        this.store = store;
        this.clock = clock;
        this.members = members;
    }

    /** User fields; on update a null field keeps its value and {@code clear*} sends an explicit null. */
    public record Input(
            String name,
            String displayName,
            boolean clearDisplayName,
            String imageUrl,
            boolean clearImageUrl,
            String propertiesJson,
            String channelsJson) {}

    public User create(Principal principal, Input input) {
        Access.requireAdmin(principal, "create users");
        String name = input.name() != null ? input.name() : "NAM-" + UUID.randomUUID();
        checkName(name);
        User user = new User(
                UserId.next(),
                principal.applicationId(),
                name,
                input.displayName(),
                input.imageUrl(),
                input.propertiesJson(),
                input.channelsJson(),
                clock.nowMs(),
                null);
        return store.write(tx -> {
            try {
                tx.users().insert(user);
            } catch (UniqueViolation e) {
                throw duplicateName();
            }
            return user;
        });
    }

    /** Finds a user by id ({@code USR-...}) or by name. */
    public User get(Principal principal, String idOrName) {
        return store.read(tx -> find(tx, principal.applicationId(), idOrName));
    }

    public Page<User> list(Principal principal, String name, PageRequest page) {
        return store.read(tx -> Pager.read(
                page,
                slice -> tx.users().list(principal.applicationId(), name, slice),
                u -> new Key(u.createdMs(), u.id().value())));
    }

    /** One offset page of the application's users (the v0.1 API's {@code record_index}), by creation. */
    public java.util.List<User> listByOffset(Principal principal, int recordIndex, int pageSize, boolean ascending) {
        return store.read(
                tx -> tx.users().list(principal.applicationId(), null, Slice.offset(ascending, recordIndex, pageSize)));
    }

    public User update(Principal principal, String idOrName, Input input) {
        Access.requireAdmin(principal, "change users");
        if (input.name() != null) {
            checkName(input.name());
        }
        return store.write(tx -> {
            User current = find(tx, principal.applicationId(), idOrName);
            User updated = new User(
                    current.id(),
                    current.applicationId(),
                    input.name() != null ? input.name() : current.name(),
                    input.clearDisplayName()
                            ? null
                            : input.displayName() != null ? input.displayName() : current.displayName(),
                    input.clearImageUrl() ? null : input.imageUrl() != null ? input.imageUrl() : current.imageUrl(),
                    input.propertiesJson() != null ? input.propertiesJson() : current.propertiesJson(),
                    input.channelsJson() != null ? input.channelsJson() : current.channelsJson(),
                    current.createdMs(),
                    clock.nowMs());
            try {
                tx.users().update(updated);
            } catch (UniqueViolation e) {
                throw duplicateName();
            }
            return updated;
        });
    }

    /**
     * Deletes a user. Each of its invited or joined members leaves its conversation first (with a
     * {@code member:left} event), so no conversation keeps a member nobody can act for.
     */
    public void delete(Principal principal, String idOrName) {
        Access.requireAdmin(principal, "delete users");
        store.write(tx -> {
            User user = find(tx, principal.applicationId(), idOrName);
            Caller admin = Caller.resolve(tx, principal);
            ObjectNode reason = Json.object().put("code", "user:deleted").put("text", "The user was deleted.");
            for (Member member : tx.members().activeForUser(user.id())) {
                Conversation conversation = tx.conversations()
                        .find(user.applicationId(), member.conversationId())
                        .orElseThrow();
                members.transition(tx, admin, conversation, member, new MemberService.Change(MemberState.LEFT, reason));
            }
            tx.users().markDeleted(user.id(), clock.nowMs());
            return null;
        });
    }

    /** The conversations a user has a member in; a user token may ask only about itself. */
    public Page<UserConversation> conversations(
            Principal principal, String idOrName, MemberState state, Long fromMs, PageRequest page) {
        return store.read(tx -> {
            User user = ownSelf(tx, principal, idOrName);
            return Pager.read(
                    page,
                    slice -> tx.conversations().listForUser(user.id(), state, fromMs, slice),
                    uc -> new Key(
                            uc.conversation().createdMs(),
                            uc.conversation().id().value()));
        });
    }

    /** One offset page of the conversations a user has a member in (the v0.1 API's {@code record_index}). */
    public java.util.List<UserConversation> conversationsByOffset(
            Principal principal, String idOrName, int recordIndex, int pageSize, boolean ascending) {
        return store.read(tx -> {
            User user = ownSelf(tx, principal, idOrName);
            return tx.conversations()
                    .listForUser(user.id(), null, null, Slice.offset(ascending, recordIndex, pageSize));
        });
    }

    /** The user named, which a user token may name only when it is that user. */
    private static User ownSelf(Store.Tx tx, Principal principal, String idOrName) {
        User user = find(tx, principal.applicationId(), idOrName);
        if (principal instanceof Principal.UserToken token && !token.userName().equals(user.name())) {
            throw Errors.permission("A user token may only list its own conversations.");
        }
        return user;
    }

    /** Finds a live user of the application by id ({@code USR-...}) or by name. */
    static User find(Store.Tx tx, String applicationId, String idOrName) {
        Optional<User> user = Ids.USER.matches(idOrName)
                ? tx.users().find(applicationId, new UserId(idOrName))
                : tx.users().findByName(applicationId, idOrName);
        return user.orElseThrow(Errors::userNotFound);
    }

    private static void checkName(String name) {
        if (name.equals("me") || name.startsWith(Ids.USER.prefix())) {
            throw new DomainException.Rejected(
                    ErrorCode.USER_INVALID_USER_NAME, "A user name must not be 'me' or start with 'USR-'.");
        }
    }

    private static DomainException duplicateName() {
        return new DomainException.Conflict(
                ErrorCode.USER_DUPLICATE_NAME, "The user name already exists. Please provide a unique name.");
    }
}
