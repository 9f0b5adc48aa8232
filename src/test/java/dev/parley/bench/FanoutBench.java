package dev.parley.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.auth.Pem;
import dev.parley.auth.TokenIssuer;
import dev.parley.fixtures.SerialSender;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fan-out benchmark (not a test): N socket.io sessions, all members of one conversation, receive
 * messages posted at a steady rate; prints delivery latency percentiles and delivered events per
 * second. Run with bench/fanout.sh. Sender and receivers share this process's clock.
 */
public final class FanoutBench {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        String url = arg(args, "--url", "http://127.0.0.1:18091");
        String appId = arg(args, "--app", null);
        Path key = Path.of(arg(args, "--key", null));
        int members = Integer.parseInt(arg(args, "--members", "1000"));
        int rate = Integer.parseInt(arg(args, "--rate", "20"));
        int seconds = Integer.parseInt(arg(args, "--seconds", "30"));
        PrivateKey privateKey = Pem.parsePrivateKey(Files.readString(key));
        HttpClient http = HttpClient.newBuilder()
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
        String admin = TokenIssuer.sign(appId, privateKey, null, 3600, null, System.currentTimeMillis());

        String run = UUID.randomUUID().toString().substring(0, 6);
        String conversation = post(http, url, admin, "/v1/conversations", "{\"name\":\"fanout-" + run + "\"}")
                .get("id")
                .asText();
        long setupStart = System.nanoTime();
        List<String> names = new ArrayList<>();
        List<String> memberIds = new ArrayList<>();
        Semaphore parallel = new Semaphore(32);
        List<CompletableFuture<String>> joins = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            String name = "fan-" + run + "-" + i;
            names.add(name);
            parallel.acquire();
            joins.add(CompletableFuture.supplyAsync(
                    () -> {
                        try {
                            post(http, url, admin, "/v1/users", "{\"name\":\"" + name + "\"}");
                            return post(
                                            http,
                                            url,
                                            admin,
                                            "/v1/conversations/" + conversation + "/members",
                                            "{\"state\":\"joined\",\"user\":{\"name\":\"" + name
                                                    + "\"},\"channel\":{\"type\":\"app\"}}")
                                    .get("id")
                                    .asText();
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        } finally {
                            parallel.release();
                        }
                    },
                    Executors.newVirtualThreadPerTaskExecutor()));
        }
        for (CompletableFuture<String> join : joins) {
            memberIds.add(join.join());
        }
        System.out.printf("setup: %d users joined in %.1f s%n", members, (System.nanoTime() - setupStart) / 1e9);

        long connectStart = System.nanoTime();
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Long> sinceStored = new ConcurrentLinkedQueue<>();
        AtomicLong delivered = new AtomicLong();
        CountDownLatch loggedIn = new CountDownLatch(members);
        List<WebSocket> sockets = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            String token = TokenIssuer.sign(appId, privateKey, names.get(i), 3600, null, System.currentTimeMillis());
            URI uri = URI.create(url.replaceFirst("^http", "ws") + "/v2/rtc/?EIO=4&transport=websocket&token="
                    + URLEncoder.encode(token, StandardCharsets.UTF_8));
            sockets.add(http.newWebSocketBuilder()
                    .buildAsync(uri, new Receiver(loggedIn, latencies, sinceStored, delivered))
                    .get(30, TimeUnit.SECONDS));
        }
        long loginDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(600);
        while (!loggedIn.await(10, TimeUnit.SECONDS)) {
            System.out.printf(
                    "  %d of %d logged in after %.0f s%n",
                    members - loggedIn.getCount(), members, (System.nanoTime() - connectStart) / 1e9);
            if (System.nanoTime() > loginDeadline) {
                throw new IllegalStateException("only " + (members - loggedIn.getCount()) + " sessions logged in");
            }
        }
        System.out.printf("sessions: %d logged in in %.1f s%n", members, (System.nanoTime() - connectStart) / 1e9);

        long total = (long) rate * seconds;
        long interval = 1_000_000_000L / rate;
        long start = System.nanoTime();
        String from = memberIds.get(0);
        long[] posts = new long[(int) total];
        for (long n = 0; n < total; n++) {
            long due = start + n * interval;
            while (System.nanoTime() < due) {
                Thread.sleep(Duration.ofNanos(Math.max(0, Math.min(due - System.nanoTime(), 1_000_000))));
            }
            long sentAt = System.nanoTime();
            post(
                    http,
                    url,
                    admin,
                    "/v1/conversations/" + conversation + "/events",
                    "{\"type\":\"message\",\"from\":\"" + from + "\",\"body\":{\"message_type\":\"text\",\"text\":\""
                            + sentAt + "\"}}");
            posts[(int) n] = System.nanoTime() - sentAt;
        }
        Arrays.sort(posts);
        long expected = total * members;
        long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (delivered.get() < expected && System.nanoTime() < waitUntil) {
            Thread.sleep(50);
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf(
                "sent %d events at %d/s to %d members; delivered %d of %d (%.0f deliveries/s)%n",
                total, rate, members, delivered.get(), expected, delivered.get() / elapsed);
        System.out.printf(
                "delivery latency ms: p50 %.1f  p90 %.1f  p99 %.1f  p99.9 %.1f  max %.1f%n",
                pct(sorted, 50),
                pct(sorted, 90),
                pct(sorted, 99),
                pct(sorted, 99.9),
                sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6);
        long[] stored = sinceStored.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf(
                "from the stored event's timestamp ms: p50 %.1f  p90 %.1f  p99 %.1f  max %.1f%n",
                pct(stored, 50),
                pct(stored, 90),
                pct(stored, 99),
                stored.length == 0 ? 0 : stored[stored.length - 1] / 1e6);
        System.out.printf(
                "POST (durable append, as this client sees it) ms: p50 %.1f  p99 %.1f%n",
                pct(posts, 50), pct(posts, 99));
        sockets.forEach(WebSocket::abort);
        System.exit(delivered.get() == expected ? 0 : 1);
    }

    private static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.min(sorted.length - 1, Math.ceil(p / 100.0 * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1e6;
    }

    private static JsonNode post(HttpClient http, String url, String token, String path, String body) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(url + path))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(path + " -> " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private static String arg(String[] args, String name, String fallback) {
        int i = Arrays.asList(args).indexOf(name);
        if (i >= 0 && i + 1 < args.length) {
            return args[i + 1];
        }
        if (fallback == null) {
            throw new IllegalArgumentException("missing " + name);
        }
        return fallback;
    }

    /** One session: answers the handshake and pings, acks pushes, measures message latency. */
    private static final class Receiver implements WebSocket.Listener {
        private final CountDownLatch loggedIn;
        private final ConcurrentLinkedQueue<Long> latencies;
        private final ConcurrentLinkedQueue<Long> sinceStored;
        private final AtomicLong delivered;
        private final StringBuilder partial = new StringBuilder();
        private SerialSender sender;

        @Override
        public void onOpen(WebSocket socket) {
            sender = new SerialSender(socket);
            socket.request(1);
        }

        Receiver(
                CountDownLatch loggedIn,
                ConcurrentLinkedQueue<Long> latencies,
                ConcurrentLinkedQueue<Long> sinceStored,
                AtomicLong delivered) {
            this.loggedIn = loggedIn;
            this.latencies = latencies;
            this.sinceStored = sinceStored;
            this.delivered = delivered;
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                long now = System.nanoTime();
                if (text.startsWith("0")) {
                    sender.send("40");
                } else if (text.equals("2")) {
                    sender.send("3");
                } else if (text.startsWith("42")) {
                    int i = 2;
                    while (Character.isDigit(text.charAt(i))) {
                        i++;
                    }
                    if (i > 2) {
                        sender.send("43" + text.substring(2, i) + "[]");
                    }
                    if (text.startsWith("[\"session:success\"", i)) {
                        loggedIn.countDown();
                    } else if (text.startsWith("[\"message\"", i)) {
                        int at = text.indexOf("\"text\":\"") + 8;
                        long sentAt = Long.parseLong(text.substring(at, text.indexOf('"', at)));
                        latencies.add(now - sentAt);
                        // The event's own timestamp is taken by the server as it stores it (same host,
                        // same clock): this part excludes the client's request sending.
                        int ts = text.indexOf("\"timestamp\":\"") + 13;
                        long storedMs = java.time.Instant.parse(text.substring(ts, text.indexOf('"', ts)))
                                .toEpochMilli();
                        sinceStored.add((System.currentTimeMillis() - storedMs) * 1_000_000);
                        delivered.incrementAndGet();
                    }
                }
            }
            socket.request(1);
            return null;
        }
    }
}
