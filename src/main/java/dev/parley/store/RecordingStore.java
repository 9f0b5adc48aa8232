package dev.parley.store;

import dev.parley.domain.Recording;
import java.util.List;
import java.util.Optional;

/** Recordings' metadata (the audio is in a {@link FileStore}). */
public interface RecordingStore {
    void insert(Recording recording);

    /** The application's recording {@code id}; empty for another application's. */
    Optional<Recording> find(String applicationId, String id);

    /** Recordings whose retention ended before {@code nowMs}, at most {@code limit}. */
    List<Recording> expired(long nowMs, int limit);

    boolean delete(String id);
}
