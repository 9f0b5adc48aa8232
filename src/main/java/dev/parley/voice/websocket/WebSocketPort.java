package dev.parley.voice.websocket;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.voice.media.Bridge;
import dev.parley.voice.media.HalfBand;
import dev.parley.voice.media.MediaPort;
import dev.parley.voice.media.RateConverter;
import dev.parley.wire.Json;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A WebSocket leg: Parley dials the application's {@code ws://} or {@code wss://} URI, says {@code
 * websocket:connected} (the content type and the connect's headers, flattened) and then exchanges 20
 * ms frames of 16-bit little-endian linear PCM at the leg's rate (8, 16 or 24 kHz; 320, 640 or 960
 * bytes) both ways, one frame per tick to the application. What the application sends may come faster
 * than real time: up to 1,024 frames wait and play one per tick (later ones are dropped and counted).
 * Its {@code clear} empties that queue ({@code websocket:cleared}); its {@code notify} is answered
 * {@code websocket:notify} with its payload once the audio queued before it has played. Keys pressed
 * by others in the conversation reach it as {@code websocket:dtmf}. Thread-safe.
 */
public final class WebSocketPort implements MediaPort {
    private static final Logger LOG = LoggerFactory.getLogger(WebSocketPort.class);
    /** Frames the application may send ahead of real time (about 20 s), as the hosted service keeps. */
    public static final int MAX_QUEUED_FRAMES = 1_024;
    /** Frames waiting to go out to a slow application before new ones are dropped (1 s). */
    private static final int MAX_OUTGOING = 50;

    private final int rate;
    private final int frameBytes;
    private final HalfBand up = new HalfBand();
    private final HalfBand down = new HalfBand();
    /** 24 kHz legs: the application's audio to the mixer's rate, and the mix back. */
    private final RateConverter fromApplication;

    private final RateConverter toApplication;
    /** Inbound frames (short[] at the leg's rate) and notify markers (JsonNode payloads), in order. */
    private final Deque<Object> inbound = new ArrayDeque<>();

    private int queuedFrames;
    /** Consecutive ticks a few frames have been waiting (see {@link #skipSilenceWhenBehind}). */
    private int behindTicks;

    private final AtomicLong skipped = new AtomicLong();
    private final BlockingQueue<Object> outgoing = new LinkedBlockingQueue<>(MAX_OUTGOING + 16);
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final CompletableFuture<String> closed = new CompletableFuture<>();
    private volatile Session socket;
    private byte[] partial = new byte[0];

    private WebSocketPort(int rate) {
        this.rate = rate;
        this.frameBytes = rate / 50 * 2;
        this.fromApplication = new RateConverter(rate, Bridge.RATE);
        this.toApplication = new RateConverter(Bridge.RATE, rate);
    }

    /**
     * Opens a WebSocket to {@code uri} and says {@code websocket:connected}; completes with the port
     * once open, exceptionally when the connection fails or takes longer than {@code timeout} (the
     * attempt is then abandoned).
     */
    public static CompletableFuture<WebSocketPort> dial(
            WebSocketClient client, URI uri, String contentType, JsonNode headers, Duration timeout) {
        WebSocketPort port = new WebSocketPort(rateOf(contentType));
        CompletableFuture<Session> connecting;
        try {
            connecting = client.connect(port.new Receiver(), uri);
        } catch (IOException | RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return connecting.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).thenApply(socket -> {
            port.socket = socket;
            ObjectNode connected = Json.object();
            connected.put("event", "websocket:connected");
            connected.put("content-type", contentType);
            headers.fields().forEachRemaining(h -> connected.set(h.getKey(), h.getValue()));
            port.outgoing.add(connected.toString());
            Thread.ofVirtual().name("parley-websocket-out").start(port::sendLoop);
            return port;
        });
    }

    /** The sample rate of {@code audio/l16;rate=N}. */
    static int rateOf(String contentType) {
        int at = contentType.indexOf("rate=");
        return at < 0 ? 16_000 : Integer.parseInt(contentType.substring(at + 5).replaceAll("[^0-9].*", ""));
    }

    /** Completes with why the socket closed: by the application, or by Parley's own close. */
    public CompletableFuture<String> closed() {
        return closed;
    }

    /** Whether Parley closed it (a hangup), not the application. */
    public boolean closedByUs() {
        return closing.get();
    }

    /** A key someone else in the conversation pressed. */
    public void dtmf(char key) {
        ObjectNode event = Json.object();
        event.put("event", "websocket:dtmf");
        event.put("digit", String.valueOf(key));
        event.put("duration", 260);
        enqueueOut(event.toString());
    }

    /** Closes the socket from Parley's side (a hangup): normal closure, no {@code disconnected}. */
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        if (dropped.get() > 0 || skipped.get() > 0) {
            LOG.info(
                    "websocket: {} frames dropped (queue full or slow application), {} silent frames skipped",
                    dropped.get(),
                    skipped.get());
        }
        Session ws = socket;
        if (ws == null) {
            closed.complete("closed by Parley");
            return;
        }
        outgoing.clear();
        Callback.Completable sent = new Callback.Completable();
        ws.close(StatusCode.NORMAL, "hangup", sent);
        sent.orTimeout(2, TimeUnit.SECONDS).whenComplete((v, error) -> {
            ws.disconnect();
            closed.complete("closed by Parley");
        });
    }

    @Override
    public short[] take() {
        short[] frame = null;
        synchronized (inbound) {
            skipSilenceWhenBehind();
            while (!inbound.isEmpty() && frame == null) {
                Object next = inbound.pollFirst();
                if (next instanceof short[] samples) {
                    queuedFrames--;
                    frame = samples;
                } else {
                    notifyPlayed((JsonNode) next);
                }
            }
        }
        if (frame == null) {
            return null;
        }
        return switch (rate) {
            case 8_000 -> up.up(frame);
            case 16_000 -> frame;
            default -> fromApplication.convert(frame);
        };
    }

    /**
     * Keeps a real-time sender's delay low: its frames arrive with jitter, and each tick that finds
     * the queue empty leaves every later frame one tick behind for good. When a few frames (3 to 50:
     * not a faster-than-real-time prompt, which plays whole) have waited for a second, one silent frame
     * at the head is skipped per tick until the queue is short again. Speech is never skipped.
     */
    private void skipSilenceWhenBehind() {
        behindTicks = queuedFrames >= 3 && queuedFrames <= 50 ? behindTicks + 1 : 0;
        if (behindTicks >= 50 && inbound.peekFirst() instanceof short[] head && silent(head)) {
            inbound.pollFirst();
            queuedFrames--;
            skipped.incrementAndGet();
        }
    }

    private static boolean silent(short[] frame) {
        long energy = 0;
        for (short s : frame) {
            energy += (long) s * s;
        }
        return energy / Math.max(1, frame.length) < 100L * 100L;
    }

    @Override
    public void send(int[] frame) {
        if (socket == null || closing.get()) {
            return;
        }
        short[] samples;
        switch (rate) {
            case 8_000 -> samples = MediaPort.clip(down.down(frame));
            case 16_000 -> samples = MediaPort.clip(frame);
            default -> samples = toApplication.convert(MediaPort.clip(frame));
        }
        ByteBuffer bytes = ByteBuffer.allocate(frameBytes).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < frameBytes / 2; i++) {
            bytes.putShort(i < samples.length ? samples[i] : 0);
        }
        // Big-endian order again (the bytes stay little-endian samples): Jetty masks the payload a
        // 4-byte int at a time in the buffer's own order, so a little-endian buffer reaches the
        // application with every 4 bytes reversed.
        bytes.flip().order(ByteOrder.BIG_ENDIAN);
        if (outgoing.size() >= MAX_OUTGOING || !outgoing.offer(bytes)) {
            dropped.incrementAndGet(); // a slow application loses audio rather than the mixer waiting
        }
    }

    private void notifyPlayed(JsonNode payload) {
        ObjectNode event = Json.object();
        event.put("event", "websocket:notify");
        event.set("payload", payload);
        enqueueOut(event.toString());
    }

    private void enqueueOut(String message) {
        if (!outgoing.offer(message)) {
            LOG.debug("websocket: dropped a text message to a slow application");
        }
    }

    /**
     * Sends what is queued, one message at a time: a slow application backs up this queue (which then
     * drops), never the mixer.
     */
    private void sendLoop() {
        try {
            while (!closed.isDone()) {
                Object message = outgoing.poll(1, TimeUnit.SECONDS);
                Session ws = socket;
                if (message == null || ws == null || closing.get()) {
                    continue;
                }
                Callback.Completable sent = new Callback.Completable();
                if (message instanceof ByteBuffer bytes) {
                    ws.sendBinary(bytes, sent);
                } else {
                    ws.sendText((String) message, sent);
                }
                sent.get(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.debug("websocket send failed: {}", e.getMessage());
            closed.complete("send failed: " + e.getMessage());
        }
    }

    /**
     * What the application sends, a message at a time: Jetty asks for the next one once a binary
     * message's callback has succeeded (its buffer is Jetty's until then, so it is copied first) or a
     * text message's method has returned. Public only because Jetty calls it through method handles.
     */
    public final class Receiver implements Session.Listener.AutoDemanding {
        @Override
        public void onWebSocketBinary(ByteBuffer data, Callback callback) {
            byte[] bytes = new byte[partial.length + data.remaining()];
            System.arraycopy(partial, 0, bytes, 0, partial.length);
            data.get(bytes, partial.length, data.remaining());
            int whole = bytes.length / frameBytes * frameBytes;
            for (int offset = 0; offset < whole; offset += frameBytes) {
                short[] frame = new short[frameBytes / 2];
                ByteBuffer.wrap(bytes, offset, frameBytes)
                        .order(ByteOrder.LITTLE_ENDIAN)
                        .asShortBuffer()
                        .get(frame);
                synchronized (inbound) {
                    if (queuedFrames >= MAX_QUEUED_FRAMES) {
                        dropped.incrementAndGet();
                    } else {
                        inbound.addLast(frame);
                        queuedFrames++;
                    }
                }
            }
            partial = java.util.Arrays.copyOfRange(bytes, whole, bytes.length);
            callback.succeed();
        }

        @Override
        public void onWebSocketText(String message) {
            command(message);
        }

        private void command(String message) {
            JsonNode command;
            try {
                command = Json.parse(message);
            } catch (RuntimeException e) {
                LOG.debug("websocket: ignored a text message that is not JSON");
                return;
            }
            switch (command.path("action").asText()) {
                case "clear" -> {
                    synchronized (inbound) {
                        for (Iterator<Object> i = inbound.iterator(); i.hasNext(); ) {
                            if (i.next() instanceof short[]) {
                                i.remove();
                            }
                        }
                        queuedFrames = 0;
                    }
                    enqueueOut("{\"event\":\"websocket:cleared\"}");
                }
                case "notify" -> {
                    JsonNode payload = command.has("payload") ? command.get("payload") : Json.object();
                    boolean now;
                    synchronized (inbound) {
                        now = inbound.isEmpty();
                        if (!now) {
                            inbound.addLast(payload);
                        }
                    }
                    if (now) {
                        notifyPlayed(payload);
                    }
                }
                default ->
                    LOG.debug(
                            "websocket: ignored the command {}",
                            command.path("action").asText());
            }
        }

        @Override
        public void onWebSocketClose(int statusCode, String reason) {
            closed.complete("closed by the application (" + statusCode
                    + (reason == null || reason.isEmpty() ? "" : " " + reason) + ")");
        }

        @Override
        public void onWebSocketError(Throwable error) {
            closed.complete("failed: " + error.getMessage());
        }
    }
}
