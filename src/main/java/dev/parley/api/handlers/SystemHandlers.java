package dev.parley.api.handlers;

import dev.parley.wire.Json;
import io.javalin.http.Context;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** {@code /health}, {@code /metrics} and the Client SDKs' own metrics report. */
public final class SystemHandlers {
    private final PrometheusMeterRegistry metrics;

    public SystemHandlers(PrometheusMeterRegistry metrics) {
        this.metrics = metrics;
    }

    public void health(Context ctx) {
        ctx.json(Json.object().put("status", "ok"));
    }

    public void metrics(Context ctx) {
        ctx.contentType("text/plain; version=0.0.4").result(metrics.scrape());
    }

    /** The Client SDKs report reconnection timings here; accepted and dropped. */
    public void clientMetrics(Context ctx) {
        ctx.status(204);
    }
}
