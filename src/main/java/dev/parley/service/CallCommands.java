package dev.parley.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.domain.Clock;
import dev.parley.domain.ConversationId;
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
import java.util.function.Supplier;
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

    /**
     * Plays into (or stops playing in) a conversation on every node that runs calls in it ({@code here}
     * for this node): each plays to its own legs. The first play's id; null when no node runs a call
     * in it.
     */
    String everywhere(ConversationId conversation, ObjectNode command, Supplier<String> here) {
        String id = null;
        for (String runsOn : runningIn(conversation)) {
            String played;
            if (runsOn.equals(node)) {
                played = here.get();
            } else {
                command.put("conversation", conversation.value());
                played = send(runsOn, command)
                        .map(outcome -> outcome.path("id").asText(null))
                        .orElse(null);
            }
            id = id == null ? played : id;
        }
        return id;
    }

    /**
     * Acts on a conversation's calls (recording it) on the node that runs its oldest call still going
     * ({@code here} for this node, or when no node runs one): whether it could.
     */
    boolean atFirst(ConversationId conversation, ObjectNode command, BooleanSupplier here) {
        List<String> nodes = runningIn(conversation);
        if (nodes.isEmpty() || nodes.contains(node)) {
            return here.getAsBoolean();
        }
        command.put("conversation", conversation.value());
        return send(nodes.getFirst(), command)
                .map(outcome -> outcome.path("done").asBoolean())
                .orElse(false);
    }

    /** The nodes that run calls in the conversation and still beat (one query, not one per node). */
    private List<String> runningIn(ConversationId conversation) {
        List<String> nodes = new ArrayList<>(store.read(tx -> tx.legs().nodesRunning(conversation)));
        if (nodes.isEmpty()) {
            nodes.add(node); // a call nobody placed on a node: whatever this node has
        }
        return nodes;
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
        if (command.has("conversation")) {
            return runInConversation(command, outcome);
        }
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

    /** A conversation-wide command: {@code {"id": ...}} for plays, {@code {"done": bool}} for recording. */
    private ObjectNode runInConversation(JsonNode command, ObjectNode outcome) {
        ConversationId conversation =
                new ConversationId(command.path("conversation").asText());
        String application = command.path("application").asText();
        return switch (command.path("op").asText()) {
            case "play" ->
                outcome.put(
                        "id",
                        local.playInConversation(
                                application,
                                conversation,
                                command.path("text").asText(null),
                                command.path("language").asText(null),
                                command.path("url").asText(null),
                                command.path("loop").asInt(),
                                command.path("level").asDouble()));
            case "stopPlay" ->
                outcome.put(
                        "id",
                        local.stopInConversation(
                                application, conversation, command.path("talk").asBoolean()));
            case "record" ->
                outcome.put(
                        "done",
                        local.startRecording(
                                application,
                                conversation,
                                command.path("eventUrl").asText(null),
                                command.path("eventMethod").asText(null),
                                command.path("split").asBoolean()));
            case "stopRecord" -> outcome.put("done", local.stopRecording(application, conversation));
            default -> outcome.put("done", false);
        };
    }

    @Override
    public void close() {
        runner.shutdownNow();
    }
}
