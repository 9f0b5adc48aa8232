package dev.parley.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.auth.Pem;
import dev.parley.auth.TokenIssuer;
import dev.parley.fixtures.Api;
import dev.parley.fixtures.Response;
import dev.parley.fixtures.WebRtcPeer;
import dev.parley.voice.media.Bridge;
import dev.parley.voice.media.G711;
import dev.parley.voice.media.LibOpus;
import dev.parley.wire.Json;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The App-leg load client of bench/app-legs.sh: LEGS Client-SDK-style calls into a running Parley, each
 * with real ICE, DTLS and SRTP (a {@link WebRtcPeer} per leg), set up at RATE a second, paired two by
 * two in conversations (a call to a conversation both users are in, so no answer URL is needed), held
 * HOLD seconds while every leg sends 20 ms of PCMU or Opus 50 times a second. Prints the DTLS
 * handshakes (count, per second, p50/p99) and mouth-to-ear through the mixer: probe pairs (16) send a
 * 20 ms burst every second into silence, and the partner's client times its arrival (decoded PCMU).
 * Usage: AppLegLoad BASE APP_ID KEY_FILE LEGS HOLD RATE pcmu|opus
 */
public final class AppLegLoad {
    private static final int PROBE_PAIRS = 16;

    private AppLegLoad() {}

    private record Leg(String user, WebRtcPeer peer, boolean probe, boolean speaksFirst) {}

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String applicationId = args[1];
        PrivateKey key = Pem.parsePrivateKey(Files.readString(Path.of(args[2])));
        int legs = Integer.parseInt(args[3]) / 2 * 2;
        int hold = Integer.parseInt(args[4]);
        double rate = Double.parseDouble(args[5]);
        boolean opus = args[6].equals("opus");
        Api admin = new Api(base, TokenIssuer.sign(applicationId, key, null, 3600, null, System.currentTimeMillis()));

        // Users in pairs, each pair joined to a conversation of its own.
        List<String> conversations = new ArrayList<>();
        List<String> users = new ArrayList<>();
        for (int p = 0; p < legs / 2; p++) {
            String cid = admin.post("/v1/conversations", "{\"name\":\"load-" + UUID.randomUUID() + "\"}")
                    .json()
                    .path("id")
                    .asText();
            conversations.add(cid);
            for (int k = 0; k < 2; k++) {
                String name = "load-" + UUID.randomUUID().toString().substring(0, 12);
                admin.post("/v1/users", "{\"name\":\"" + name + "\"}");
                admin.post(
                        "/v1/conversations/" + cid + "/members",
                        "{\"state\":\"joined\",\"user\":{\"name\":\"" + name + "\"},\"channel\":{\"type\":\"app\"}}");
                users.add(name);
            }
        }

        byte[][] speech = opus ? opusPackets() : pcmuPackets();
        List<Leg> running = Collections.synchronizedList(new ArrayList<>());
        ConcurrentLinkedQueue<Long> handshakes = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Long> mouthToEar = new ConcurrentLinkedQueue<>();
        AtomicLong failed = new AtomicLong();
        var setUp = Executors.newVirtualThreadPerTaskExecutor();
        CountDownLatch allUp = new CountDownLatch(legs);
        long start = System.nanoTime();
        long[] burstSentAt = new long[PROBE_PAIRS];
        for (int i = 0; i < legs; i++) {
            int index = i;
            LockSupport.parkNanos(start + (long) (i * 1e9 / rate) - System.nanoTime());
            setUp.submit(() -> {
                try {
                    String user = users.get(index);
                    Api as = new Api(
                            base, TokenIssuer.sign(applicationId, key, user, 3600, null, System.currentTimeMillis()));
                    WebRtcPeer peer = new WebRtcPeer();
                    long began = System.nanoTime();
                    var offer = Json.object();
                    offer.putObject("body")
                            .putObject("offer")
                            .put("type", "offer")
                            .put("sdp", peer.offer(opus));
                    Response legResponse = as.post("/v0.3/legs", offer.toString());
                    if (legResponse.status() != 200) {
                        throw new IllegalStateException("/legs: " + legResponse.status() + " " + legResponse.text());
                    }
                    JsonNode leg = legResponse.json();
                    String answer = leg.path("sdp").asText();
                    peer.check(answer, true);
                    peer.handshake(answer);
                    handshakes.add(System.nanoTime() - began);
                    var knock = Json.object();
                    var channel = knock.putObject("channel");
                    channel.put("type", "app").put("id", leg.path("rtc_id").asText());
                    channel.putObject("to").put("type", "phone").put("number", conversations.get(index / 2));
                    Response knocked = as.post("/v0.3/knocking", knock.toString());
                    if (knocked.status() != 200) {
                        throw new IllegalStateException("/knocking: " + knocked.status());
                    }
                    boolean probe = index / 2 < PROBE_PAIRS;
                    Leg running1 = new Leg(user, peer, probe, index % 2 == 0);
                    running.add(running1);
                    Thread.ofVirtual().start(() -> listen(running1, index / 2, burstSentAt, mouthToEar, opus));
                } catch (Exception e) {
                    failed.incrementAndGet();
                    System.err.println("leg " + index + " failed: " + e);
                } finally {
                    allUp.countDown();
                }
            });
        }
        // Every leg sends 20 ms a packet from its set-up on; probes send silence with a burst each second.
        Thread sender = Thread.ofPlatform().name("load-sender").start(() -> send(running, speech, opus, burstSentAt));
        allUp.await();
        double setupSeconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("== all legs up; holding %d s%n", hold);
        Thread.sleep(2_000); // the last set-ups settle
        long[] before = mixer(base);
        long cpuBefore = serverCpuTicks();
        long heldFrom = System.nanoTime();
        Thread.sleep(TimeUnit.SECONDS.toMillis(hold)); // the measured window: every leg talking
        long[] after = mixer(base);
        double heldSeconds = (System.nanoTime() - heldFrom) / 1e9;
        long cpuAfter = serverCpuTicks();
        sender.interrupt();
        sender.join();
        long ticks = after[0] - before[0];
        long late = after[1] - before[1];
        System.out.printf(
                "== while held (%.0f s, every leg talking): %d mixer ticks, %d late (%.3f %%); %d frames played, %d lost%n",
                heldSeconds,
                ticks,
                late,
                ticks == 0 ? 0 : 100.0 * late / ticks,
                after[2] - before[2],
                after[3] - before[3]);
        if (cpuBefore >= 0 && cpuAfter >= 0) {
            double cpu = (cpuAfter - cpuBefore) / 100.0 / heldSeconds;
            System.out.printf(
                    "== server CPU while held: %.0f %% of one core, %.2f %% of a core per leg%n",
                    100 * cpu, 100 * cpu / Math.max(1, running.size()));
        }
        long[] times = handshakes.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf(
                "== %d legs up (%d failed) in %.1f s: %.1f set-ups/s; ICE+DTLS handshake p50 %.0f ms, p99 %.0f ms%n",
                times.length,
                failed.get(),
                setupSeconds,
                times.length / setupSeconds,
                percentile(times, 0.5) / 1e6,
                percentile(times, 0.99) / 1e6);
        long[] m2e = mouthToEar.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf(
                "== mouth-to-ear through the mixer (%d probes, decoded at the far client): p50 %.0f ms, p99 %.0f ms%n",
                m2e.length, percentile(m2e, 0.5) / 1e6, percentile(m2e, 0.99) / 1e6);
        running.forEach(leg -> leg.peer().close());
        setUp.shutdownNow();
    }

    private static void send(List<Leg> running, byte[][] speech, boolean opus, long[] burstSentAt) {
        long begin = System.nanoTime();
        byte[] silence;
        byte[] burst;
        if (opus) {
            try (LibOpus.Encoder encoder = LibOpus.encoder()) {
                silence = encoder.encode(new short[Bridge.FRAME]);
                short[] loud = new short[Bridge.FRAME];
                for (int i = 0; i < loud.length; i++) {
                    loud[i] = (short) (16_000 * Math.sin(2 * Math.PI * 1_000 * i / Bridge.RATE));
                }
                burst = encoder.encode(loud);
            }
        } else {
            silence = new byte[160];
            Arrays.fill(silence, (byte) 0xFF);
            burst = pcmuTone(1_000, 160, 16_000);
        }
        for (long n = 0; !Thread.currentThread().isInterrupted(); n++) {
            boolean burstNow = n % 50 == 0;
            if (burstNow) {
                Arrays.fill(burstSentAt, System.nanoTime());
            }
            for (Leg leg : running.toArray(new Leg[0])) {
                byte[] payload;
                int payloadType;
                if (leg.probe()) {
                    payload = burstNow && leg.speaksFirst() ? burst : silence;
                    payloadType = opus ? 111 : 0;
                } else {
                    payload = speech[(int) (n % speech.length)];
                    payloadType = opus ? 111 : 0;
                }
                byte[] packet = new byte[12 + payload.length];
                ByteBuffer.wrap(packet)
                        .put((byte) 0x80)
                        .put((byte) payloadType)
                        .putShort((short) n)
                        .putInt((int) (n * (payloadType == 111 ? 960 : 160)))
                        .putInt(leg.user().hashCode())
                        .put(payload);
                try {
                    leg.peer().sendRtp(packet);
                } catch (Exception e) {
                    // a lost packet
                }
            }
            LockSupport.parkNanos(begin + 20_000_000L * (n + 1) - System.nanoTime());
        }
    }

    /** The probe's partner: times each burst's arrival (decoded, the first loud packet after quiet). */
    private static void listen(
            Leg leg, int pair, long[] burstSentAt, ConcurrentLinkedQueue<Long> mouthToEar, boolean opus) {
        boolean quiet = true;
        LibOpus.Decoder decoder = opus && leg.probe() ? LibOpus.decoder() : null;
        while (true) {
            Optional<byte[]> rtp;
            try {
                rtp = leg.peer().receiveRtp();
            } catch (Exception e) {
                return;
            }
            if (rtp.isEmpty()) {
                continue;
            }
            if (!leg.probe() || leg.speaksFirst() || pair >= PROBE_PAIRS) {
                continue;
            }
            byte[] packet = rtp.get();
            short[] samples = samples(packet, decoder);
            if (samples == null) {
                continue;
            }
            long energy = 0;
            for (short s : samples) {
                energy += (long) s * s;
            }
            boolean loud = energy / Math.max(1, samples.length) > 1_000_000;
            if (loud && quiet) {
                long sent = burstSentAt[pair];
                long delay = System.nanoTime() - sent;
                if (delay > 0 && delay < 1_000_000_000L) {
                    mouthToEar.add(delay);
                }
            }
            quiet = !loud;
        }
    }

    /** A packet's audio: PCMU decoded, or Opus through {@code decoder} (null for PCMU). */
    private static short[] samples(byte[] packet, LibOpus.Decoder decoder) {
        int payloadType = packet[1] & 0x7F;
        byte[] payload = Arrays.copyOfRange(packet, 12, packet.length);
        if (decoder != null) {
            return payloadType == 111 ? decoder.decode(payload) : null;
        }
        if (payloadType != 0) {
            return null;
        }
        short[] samples = new short[payload.length];
        for (int i = 0; i < payload.length; i++) {
            samples[i] = G711.ulawToLinear(payload[i]);
        }
        return samples;
    }

    private static byte[][] pcmuPackets() {
        byte[][] packets = new byte[50][];
        for (int p = 0; p < 50; p++) {
            packets[p] = pcmuTone(440, 160, 6_000);
        }
        return packets;
    }

    private static byte[] pcmuTone(double frequency, int samples, int amplitude) {
        byte[] payload = new byte[samples];
        for (int i = 0; i < samples; i++) {
            payload[i] = G711.linearToUlaw((short) (amplitude * Math.sin(2 * Math.PI * frequency * i / 8_000.0)));
        }
        return payload;
    }

    /** One second of a 440 Hz tone as Opus packets, encoded once and looped (the client's CPU is not the test). */
    private static byte[][] opusPackets() {
        byte[][] packets = new byte[50][];
        try (LibOpus.Encoder encoder = LibOpus.encoder()) {
            for (int p = 0; p < 50; p++) {
                short[] frame = new short[Bridge.FRAME];
                for (int i = 0; i < frame.length; i++) {
                    frame[i] = (short) (6_000 * Math.sin(2 * Math.PI * 440 * (p * Bridge.FRAME + i) / Bridge.RATE));
                }
                packets[p] = encoder.encode(frame);
            }
        }
        return packets;
    }

    /** The mixer's ticks, late ticks, frames played and lost, from the server's /metrics. */
    private static long[] mixer(String base) throws Exception {
        String text = new Api(base, "").get("/metrics").text();
        long[] values = new long[4];
        String[] names = {
            "parley_voice_mixer_ticks_total",
            "parley_voice_mixer_late_ticks_total",
            "parley_voice_frames_played_total",
            "parley_voice_frames_lost_total"
        };
        for (String line : text.split("\n")) {
            for (int i = 0; i < names.length; i++) {
                if (line.startsWith(names[i] + " ")) {
                    values[i] = (long) Double.parseDouble(
                            line.substring(names[i].length() + 1).trim());
                }
            }
        }
        return values;
    }

    /** The server's CPU time in clock ticks (PARLEY_PID names it), or -1 when not given. */
    private static long serverCpuTicks() throws Exception {
        String pid = System.getenv("PARLEY_PID");
        if (pid == null) {
            return -1;
        }
        String[] stat = Files.readString(Path.of("/proc/" + pid + "/stat")).split(" ");
        return Long.parseLong(stat[13]) + Long.parseLong(stat[14]);
    }

    private static double percentile(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
    }
}
