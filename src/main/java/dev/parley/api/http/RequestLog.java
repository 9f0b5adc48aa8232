package dev.parley.api.http;

import io.javalin.config.JavalinConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One access-log line and one timer sample per request. */
public final class RequestLog {
    private static final Logger ACCESS = LoggerFactory.getLogger("parley.access");

    private RequestLog() {}

    public static void configure(JavalinConfig config, PrometheusMeterRegistry metrics) {
        RequestTimers timers = new RequestTimers(metrics);
        config.requestLogger.http((ctx, ms) -> {
            // The route's own endpoint, not the after-handler that ran last.
            var endpoint = ctx.endpoints().matchedHttpEndpoint();
            String route = endpoint == null ? "unmatched" : endpoint.path;
            timers.of(ctx.method().name(), route, ctx.statusCode()).record((long) (ms * 1000), TimeUnit.MICROSECONDS);
            if (ACCESS.isInfoEnabled()) {
                ACCESS.info(
                        "{} {} {} {}ms instance={}{}",
                        ctx.method(),
                        ctx.path(),
                        ctx.statusCode(),
                        tenths(ms),
                        RequestIds.of(ctx),
                        // a preflight the CORS plugin answered 200 still passed the 405 handler: no error then
                        ctx.attribute("parley.error") == null || ctx.statusCode() < 400
                                ? ""
                                : " code=" + ctx.attribute("parley.error"));
            }
        });
    }

    /** {@code 12.3} for 12.34 ms: what {@code String.format("%.1f")} gave, without a Formatter per request. */
    static String tenths(float ms) {
        long tenths = Math.round(ms * 10.0);
        return (tenths / 10) + "." + (tenths % 10);
    }
}
