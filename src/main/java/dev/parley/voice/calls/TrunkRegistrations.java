package dev.parley.voice.calls;

import dev.parley.domain.Trunk;
import dev.parley.voice.sip.DigestAuth;
import dev.parley.voice.sip.Registration;
import dev.parley.voice.sip.SipEndpoint;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a registration alive for every trunk that asks for one ({@code --register}), following the
 * store: trunks the CLI adds are registered within {@link #RESCAN_SECONDS}, removed ones unregistered.
 * Each node registers its own address, so a carrier can reach any of them. Thread-safe.
 */
final class TrunkRegistrations implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TrunkRegistrations.class);
    static final int RESCAN_SECONDS = 5;

    private final PhoneRoutes routes;
    private final SipEndpoint endpoint;
    /** By trunk name; the trunk as registered, to notice one replaced under the same name. */
    private final Map<String, Map.Entry<Trunk, Registration>> running = new ConcurrentHashMap<>();

    private final ScheduledExecutorService scan = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("parley-trunk-registrations").daemon().factory());

    TrunkRegistrations(PhoneRoutes routes, SipEndpoint endpoint) {
        this.routes = routes;
        this.endpoint = endpoint;
        scan.scheduleWithFixedDelay(this::follow, 0, RESCAN_SECONDS, TimeUnit.SECONDS);
    }

    private void follow() {
        try {
            Map<String, Trunk> wanted = new java.util.HashMap<>();
            routes.registering().forEach(t -> wanted.put(t.name(), t));
            running.forEach((name, entry) -> {
                Trunk now = wanted.get(name);
                if (now == null || now.createdMs() != entry.getKey().createdMs()) {
                    entry.getValue().close();
                    running.remove(name);
                }
            });
            wanted.forEach((name, trunk) -> {
                if (!running.containsKey(name)) {
                    endpoint.register(
                                    trunk.proxy(),
                                    new DigestAuth.Credentials(trunk.username(), trunk.password(), trunk.realm()))
                            .ifPresentOrElse(
                                    registration -> running.put(name, Map.entry(trunk, registration)),
                                    () -> LOG.warn("trunk {}: cannot reach {} to register", name, trunk.proxy()));
                }
            });
        } catch (RuntimeException e) {
            LOG.warn("following the trunks to register failed; trying again in {} s", RESCAN_SECONDS, e);
        }
    }

    /** How many trunks are registered now. */
    int registered() {
        return (int) running.values().stream()
                .filter(entry -> entry.getValue().registered())
                .count();
    }

    @Override
    public void close() {
        scan.shutdownNow();
        running.values().forEach(entry -> entry.getValue().close());
        running.clear();
    }
}
