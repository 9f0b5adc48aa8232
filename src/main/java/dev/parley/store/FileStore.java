package dev.parley.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where recorded audio is kept, by key: files under the data directory by default ({@code
 * store.files.LocalFileStore}); an object store (S3 and the like) fits the same three operations.
 * A key is only readable once {@link #put} has returned, and then durably.
 */
public interface FileStore {
    /** Stores the content of {@code file} (moved or copied) under {@code key}, durably, before returning. */
    void put(String key, Path file) throws IOException;

    /** The content under {@code key}; empty when there is none. */
    Optional<InputStream> open(String key) throws IOException;

    /** Removes {@code key}; nothing when there is none. */
    void delete(String key) throws IOException;
}
