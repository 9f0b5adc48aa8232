package dev.parley.service;

import dev.parley.domain.Clock;
import dev.parley.domain.ConversationId;
import dev.parley.domain.DomainException;
import dev.parley.domain.ErrorCode;
import dev.parley.domain.Leg;
import dev.parley.domain.LegId;
import dev.parley.domain.Recording;
import dev.parley.store.FileStore;
import dev.parley.store.Store;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recordings: a finished one is put in the file store first (durably), then its row, its {@code
 * audio:record:done} event and its record webhook are written in one transaction, so an announced
 * recording is always downloadable. Downloads are by the recording's own application only. Expired
 * recordings (the retention, 31 days by default as the hosted service keeps them) are deleted, row
 * first. Thread-safe.
 */
public final class RecordingService {
    private static final Logger LOG = LoggerFactory.getLogger(RecordingService.class);
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(31);

    private final Store store;
    private final FileStore files;
    private final VoiceService voice;
    private final Clock clock;
    private final java.util.function.Supplier<String> publicUrl;
    private final Duration retention;

    public RecordingService(
            Store store,
            FileStore files,
            VoiceService voice,
            Clock clock,
            java.util.function.Supplier<String> publicUrl,
            Duration retention) {
        this.store = store;
        this.files = files;
        this.voice = voice;
        this.clock = clock;
        this.publicUrl = publicUrl;
        this.retention = retention;
    }

    /** A recording just written to {@code wav}, and where its announcement goes. */
    public record Finished(
            String applicationId,
            ConversationId conversationId,
            Leg leg,
            Path wav,
            int channels,
            long startMs,
            long endMs,
            String eventUrl,
            String eventMethod) {}

    /** Stores and announces a finished recording; the WAV file is moved into the file store. */
    public Recording save(Finished finished) {
        String id = UUID.randomUUID().toString();
        String key = finished.applicationId() + "/" + id + ".wav";
        long size;
        try {
            size = Files.size(finished.wav());
            files.put(key, finished.wav());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store recording " + id, e);
        }
        LegId legId = finished.leg() == null ? null : finished.leg().id();
        Recording recording = new Recording(
                id,
                finished.applicationId(),
                finished.conversationId(),
                legId,
                "audio/wav",
                size,
                key,
                finished.channels(),
                finished.startMs(),
                finished.endMs(),
                clock.nowMs() + retention.toMillis());
        voice.recorded(recording, finished.leg(), finished.eventUrl(), finished.eventMethod(), url(id));
        return recording;
    }

    /** Where the application downloads recording {@code id}: under the public URL (--public-url). */
    public String url(String id) {
        return publicUrl.get().replaceAll("/+$", "") + "/v1/files/" + id;
    }

    /**
     * Recording {@code id} for the caller: an admin token of its own application only (404 for another
     * application's, as for an unknown one).
     */
    public Recording forDownload(dev.parley.auth.Principal principal, String id) {
        dev.parley.auth.Access.requireAdmin(principal, "download recordings");
        return find(principal.applicationId(), id);
    }

    /** The application's recording {@code id}; 404 for an unknown one or another application's. */
    public Recording find(String applicationId, String id) {
        return store.read(tx -> tx.recordings().find(applicationId, id))
                .orElseThrow(
                        () -> new DomainException.NotFound(ErrorCode.FILE_NOT_FOUND, "There is no file " + id + "."));
    }

    /** The recording's audio. */
    public InputStream open(Recording recording) {
        try {
            return files.open(recording.location())
                    .orElseThrow(() -> new DomainException.NotFound(
                            ErrorCode.FILE_NOT_FOUND, "The file " + recording.id() + " is gone."));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read recording " + recording.id(), e);
        }
    }

    /** Deletes up to {@code limit} recordings past their retention; how many went. */
    public int deleteExpired(int limit) {
        int deleted = 0;
        for (Recording recording : store.read(tx -> tx.recordings().expired(clock.nowMs(), limit))) {
            store.write(tx -> tx.recordings().delete(recording.id()));
            try {
                files.delete(recording.location());
                deleted++;
            } catch (IOException e) {
                LOG.warn("recording {}: its file could not be deleted: {}", recording.id(), e.getMessage());
            }
        }
        return deleted;
    }
}
