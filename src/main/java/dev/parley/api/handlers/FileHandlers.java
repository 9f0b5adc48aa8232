package dev.parley.api.handlers;

import dev.parley.api.http.Auth;
import dev.parley.domain.Recording;
import dev.parley.service.RecordingService;
import io.javalin.http.Context;

/**
 * {@code GET /v1/files/{id}}: a recording's audio, as the {@code recording_url} of its record webhook
 * names it and the SDKs' {@code downloadRecording} fetches it (with the application's JWT).
 */
public final class FileHandlers {
    private final RecordingService recordings;

    public FileHandlers(RecordingService recordings) {
        this.recordings = recordings;
    }

    public void download(Context ctx) {
        Recording recording = recordings.forDownload(Auth.principal(ctx), ctx.pathParam("id"));
        ctx.contentType(recording.contentType());
        ctx.header("Content-Length", Long.toString(recording.size()));
        ctx.header("Content-Disposition", "attachment; filename=\"" + recording.id() + ".wav\"");
        ctx.result(recordings.open(recording));
    }
}
