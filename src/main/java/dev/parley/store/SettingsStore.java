package dev.parley.store;

import java.util.Optional;

/** Server-wide named values shared by every node (e.g. the cursor signing key). */
public interface SettingsStore {
    Optional<String> get(String name);

    /** Stores the value unless one exists; returns the value now stored. */
    String putIfAbsent(String name, String value);
}
