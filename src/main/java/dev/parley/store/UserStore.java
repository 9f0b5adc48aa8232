package dev.parley.store;

import dev.parley.domain.User;
import dev.parley.domain.UserId;
import java.util.List;
import java.util.Optional;

public interface UserStore {
    /** @throws UniqueViolation when the application already has a live user of that name */
    void insert(User user);

    /** @throws UniqueViolation when the new name is taken */
    void update(User user);

    Optional<User> find(String applicationId, UserId id);

    Optional<User> findByName(String applicationId, String name);

    void markDeleted(UserId id, long atMs);

    /** Live users of the application, optionally only the one with {@code name}, ordered by creation. */
    List<User> list(String applicationId, String name, Slice slice);
}
