package dev.parley.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.domain.Clock;
import dev.parley.domain.DomainException;
import dev.parley.domain.LegId;
import dev.parley.store.CommandStore;
import dev.parley.store.Store;
import dev.parley.wire.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Voice API requests for calls that run on another node, carried by the shared database: the node
 * that took the request writes the command for the node named in the leg's row ({@code legs.node}),
 * which is told at once (PostgreSQL's NOTIFY), runs it against its own calls, and writes the outcome
 * the first node waits for (at most 5 s). A call whose node is not beating any more is over as far as
 * anyone can act on it. Commands run one at a time, in order, on a thread of their own ({@code
 * parley-call-commands}). Thread-safe.
 */
public final class CallCommands implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CallCommands.class);
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final Store store;
    private final Clock clock;
    private final String node;
    private final CallControl local;
    private final ExecutorService runner = Executors.newSingleThreadExecutor(
            Thread.ofVirtual().name("parley-call-commands").factory());

    /** For node {@code node}, whose own calls {@code local} acts on. */
    public CallCommands(Store store, Clock clock, String node, CallControl local) {
        this.store = store;
        this.clock = clock;
        this.node = node;
        this.local = local;
    }

    /**
     * Acts on {@code leg}: {@code here} when its call runs on this node (or nobody knows where),
     * else {@code command} sent to the node that runs it. Whether the call was running to act on.
     */
    boolean route(LegId leg, ObjectNode command, BooleanSupplier here) {
        Optional<String> runsOn = store.read(tx -> tx.legs().nodeOf(leg));
        if (runsOn.isEmpty() || runsOn.get().equals(node)) {
            return here.getAsBoolean();
        }
        if (!store.read(tx -> tx.nodes().known(runsOn.get()))) {
            return false;
        }
        command.put("leg", leg.value());
        JsonNode outcome = send(runsOn.get(), command).orElse(null);
        if (outcome == null) {
            LOG.warn("node {} did not answer a command for call {} within {} s", runsOn.get(), leg, WAIT.toSeconds());
            return false;
        }
        if (outcome.has("invalid")) {
            List<DomainException.InvalidParameter> problems = new ArrayList<>();
            outcome.path("invalid")
                    .forEach(p -> problems.add(new DomainException.InvalidParameter(
                            p.path("name").asText(), p.path("reason").asText())));
            throw new DomainException.Invalid(problems);
        }
        return outcome.path("done").asBoolean();
    }

    /** Writes the command for {@code to} and waits for its outcome; empty when none came in time. */
    private Optional<JsonNode> send(String to, ObjectNode command) {
        String id = UUID.randomUUID().toString();
        store.write(tx -> {
            tx.commands().insert(id, to, command.toString(), clock.nowMs());
            return null;
        });
        try {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                Optional<String> outcome = store.read(tx -> tx.commands().outcome(id));
                if (outcome.isPresent()) {
                    return Optional.of(Json.parse(outcome.get()));
                }
                LockSupport.parkNanos(POLL_NANOS); // a request thread (virtual) polling its own row
            }
            return Optional.empty();
        } finally {
            store.write(tx -> {
                tx.commands().delete(id);
                return null;
            });
        }
    }

    /** Commands wait for node {@code forNode} (null: perhaps for any): runs this node's, if any. */
    public void wake(String forNode) {
        if (forNode == null || forNode.equals(node)) {
            runner.execute(this::runPending);
        }
    }

    private void runPending() {
        try {
            for (CommandStore.Pending pending : store.read(tx -> tx.commands().pendingFor(node))) {
                String outcome = run(Json.parse(pending.commandJson())).toString();
                store.write(tx -> {
                    tx.commands().finish(pending.id(), outcome);
                    return null;
                });
            }
        } catch (RuntimeException e) {
            LOG.warn("running commands for this node's calls failed: {}", e.toString());
        }
    }

    /** Runs one command on this node's calls: {@code {"done": bool}}, or the reasons it is invalid. */
    private ObjectNode run(JsonNode command) {
        ObjectNode outcome = Json.object();
        Optional<LegId> parsed = LegId.parse(command.path("leg").asText());
        if (parsed.isEmpty()) {
            return outcome.put("done", false);
        }
        LegId leg = parsed.get();
        try {
            boolean done = switch (command.path("op").asText()) {
                case "hangup" -> local.hangup(leg);
                case "mute" -> local.mute(leg, command.path("on").asBoolean());
                case "earmuff" -> local.earmuff(leg, command.path("on").asBoolean());
                case "transfer" ->
                    local.transfer(
                            leg,
                            command.hasNonNull("ncco") ? command.get("ncco") : null,
                            command.path("url").asText(null));
                case "talk" ->
                    local.talk(
                            leg,
                            command.path("text").asText(),
                            command.path("language").asText(null),
                            command.path("loop").asInt(),
                            command.path("level").asDouble());
                case "stream" ->
                    local.stream(
                            leg,
                            command.path("url").asText(),
                            command.path("loop").asInt(),
                            command.path("level").asDouble());
                case "stop" -> local.stopPlaying(leg);
                case "dtmf" -> local.dtmf(leg, command.path("digits").asText());
                default -> false;
            };
            return outcome.put("done", done);
        } catch (DomainException.Invalid e) {
            ArrayNode invalid = outcome.putArray("invalid");
            e.invalidParameters()
                    .forEach(p -> invalid.addObject().put("name", p.name()).put("reason", p.reason()));
            return outcome;
        }
    }

    @Override
    public void close() {
        runner.shutdownNow();
    }
}
