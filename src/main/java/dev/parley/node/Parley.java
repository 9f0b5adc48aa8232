package dev.parley.node;

import dev.parley.api.Server;
import dev.parley.auth.ApplicationKeys;
import dev.parley.auth.JwtVerifier;
import dev.parley.auth.Pem;
import dev.parley.auth.TokenIssuer;
import dev.parley.config.ServerConfig;
import dev.parley.config.VoiceSettings;
import dev.parley.domain.Application;
import dev.parley.domain.Clock;
import dev.parley.outbound.OutboundGate;
import dev.parley.outbound.OwnPorts;
import dev.parley.realtime.Dispatcher;
import dev.parley.realtime.webhook.WebhookWorker;
import dev.parley.realtime.ws.RtcSocket;
import dev.parley.service.ApplicationService;
import dev.parley.service.CallCommands;
import dev.parley.service.CallControl;
import dev.parley.service.CallService;
import dev.parley.service.ConversationService;
import dev.parley.service.EventService;
import dev.parley.service.MemberService;
import dev.parley.service.NodeLiveness;
import dev.parley.service.NumberService;
import dev.parley.service.RecordingService;
import dev.parley.service.SessionService;
import dev.parley.service.SipCredentialService;
import dev.parley.service.SipDomainService;
import dev.parley.service.TrunkService;
import dev.parley.service.UserService;
import dev.parley.service.VoiceService;
import dev.parley.store.files.LocalFileStore;
import dev.parley.store.jdbi.JdbiStore;
import dev.parley.voice.calls.NodeHeartbeat;
import dev.parley.voice.calls.TcpAdmission;
import dev.parley.voice.calls.VoiceCalls;
import dev.parley.voice.media.Bridge;
import dev.parley.voice.media.RtpPorts;
import dev.parley.voice.media.TextToSpeech;
import dev.parley.voice.sip.DigestAuth;
import dev.parley.voice.sip.SipEndpoint;
import dev.parley.voice.sip.transport.TcpLimits;
import dev.parley.voice.sip.transport.TcpSipTransport;
import dev.parley.voice.sip.transport.UdpSipTransport;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A running Parley node: store opened and migrated, services wired by hand, HTTP server started.
 * {@link #close()} stops it.
 */
public final class Parley implements AutoCloseable {
    static final String CURSOR_SECRET = "cursor-secret";
    static final long BOOTSTRAP_TOKEN_TTL_S = 24 * 60 * 60;

    private final JdbiStore store;
    private final Dispatcher dispatcher;
    private final WebhookWorker webhooks;
    private final RtcSocket rtcSocket;
    private final Server server;
    private final Sip sip;

    private Parley(
            JdbiStore store,
            Dispatcher dispatcher,
            WebhookWorker webhooks,
            RtcSocket rtcSocket,
            Server server,
            Sip sip) {
        this.store = store;
        this.dispatcher = dispatcher;
        this.webhooks = webhooks;
        this.rtcSocket = rtcSocket;
        this.server = server;
        this.sip = sip;
    }

    /** The SIP endpoint and its transports (UDP and TCP on one port), when SIP is on. */
    private record Sip(
            VoiceCalls calls,
            NodeHeartbeat heartbeat,
            CallCommands commands,
            SipEndpoint endpoint,
            UdpSipTransport udp,
            TcpSipTransport tcp)
            implements AutoCloseable {
        static Sip start(
                VoiceSettings settings,
                JdbiStore store,
                Clock clock,
                PrintStream out,
                RecordingService recordings,
                java.nio.file.Path spool,
                OutboundGate gate,
                OwnPorts ownPorts,
                String node) {
            InetSocketAddress address = settings.listenAddress();
            java.net.InetAddress advertised = settings.advertisedAddress();
            VoiceSettings.PortRange range = settings.portRange();
            SipDomainService domains = new SipDomainService(store, clock);
            TrunkService trunks = new TrunkService(store, clock);
            VoiceService voice = new VoiceService(store, clock, node);
            int ended = voice.endUnfinished();
            if (ended > 0) {
                out.println(
                        "Ended " + ended + " call(s) this node (" + node + ") left unfinished when it last stopped.");
            }
            SipEndpoint endpoint = new SipEndpoint();
            // Only those who could place a call may hold a TCP connection (docs/SECURITY.md).
            TcpLimits tcpLimits = TcpLimits.of(new TcpAdmission(domains, trunks));
            UdpSipTransport udp;
            TcpSipTransport tcp;
            for (int attempt = 1; ; attempt++) {
                udp = UdpSipTransport.bind(address, endpoint::received);
                try {
                    tcp = TcpSipTransport.bind(
                            new InetSocketAddress(
                                    address.getAddress(), udp.local().getPort()),
                            endpoint::received,
                            tcpLimits);
                    break;
                } catch (UncheckedIOException e) {
                    // Port 0 picks a free UDP port, which TCP may hold already: pick again. A port
                    // asked for by number fails at once.
                    udp.close();
                    if (address.getPort() != 0 || attempt == 20) {
                        throw e;
                    }
                }
            }
            ownPorts.add(udp.local().getPort());
            ownPorts.addRange(range.first(), range.last());
            udp.advertise(advertised);
            tcp.advertise(advertised);
            endpoint.useTransports(udp, tcp);
            out.println("SIP is listening on " + address.getAddress().getHostAddress() + ":"
                    + udp.local().getPort()
                    + " (UDP and TCP), advertising " + advertised.getHostAddress() + "; RTP ports "
                    + range.first() + "-" + range.last());
            SipCredentialService credentials = new SipCredentialService(store, clock);
            // Built bottom-up, each part from the ones below it (the thread map: docs/THREADS.md).
            VoiceCalls calls = new VoiceCalls(
                    domains,
                    VoiceCalls.phoneRoutes(trunks, new NumberService(store, clock)),
                    voice,
                    gate,
                    new RtpPorts(address.getAddress(), range.first(), range.last()),
                    advertised.getHostAddress(),
                    new TextToSpeech("espeak-ng"),
                    settings.rtpTimeout(),
                    recordings,
                    spool,
                    endpoint,
                    (application, host) -> credentials
                            .find(application, host)
                            .map(c -> new DigestAuth.Credentials(c.username(), c.password())));
            // The first beat before the first call: a node that claims this one's old heartbeat from now
            // on finds it fresh.
            NodeHeartbeat heartbeat = new NodeHeartbeat(
                    new NodeLiveness(store, clock, node, settings.nodeTimeout(), voice),
                    calls,
                    settings.nodeHeartbeat());
            // Voice API requests other nodes took for this node's calls
            CallCommands commands = new CallCommands(store, clock, node, calls);
            store.onCommands(commands::wake);
            endpoint.accept(calls.listener());
            return new Sip(calls, heartbeat, commands, endpoint, udp, tcp);
        }

        @Override
        public void close() {
            heartbeat.close();
            commands.close();
            calls.close(); // its mixer too
            endpoint.close();
            udp.close();
            tcp.close();
        }
    }

    /**
     * The name this node's calls and webhook leases carry: the SIP address it listens on, so it finds
     * its own calls again after a crash; with SIP on a random port (tests) or off, a name of its own,
     * whose calls and leases the others' heartbeat sweep frees should it die.
     */
    private static String nodeName(VoiceSettings voice) {
        InetSocketAddress address = voice.enabled() ? voice.listenAddress() : null;
        return address == null || address.getPort() == 0
                ? "node-" + java.util.UUID.randomUUID()
                : "sip:" + voice.advertisedAddress().getHostAddress() + ":" + address.getPort();
    }

    /** Starts a node; prints first-start credentials (never to the log) on {@code out}. */
    public static Parley start(ServerConfig config, PrintStream out) {
        config.verify();
        ServerConfig.StoreConfig storeConfig = config.store();
        createDataDir(storeConfig.dataDir());
        // The dispatcher reads from the store the store wakes it from: bind the two after opening.
        AtomicReference<Dispatcher> dispatcher = new AtomicReference<>();
        AtomicReference<WebhookWorker> webhooks = new AtomicReference<>();
        JdbiStore store = JdbiStore.open(storeConfig.jdbcUrl(), storeConfig.poolSize(), (position, deliveries) -> {
            Dispatcher d = dispatcher.get();
            if (d != null) {
                d.committed(position);
            }
            WebhookWorker w = webhooks.get();
            if (w != null && deliveries) {
                w.wakeUp();
            }
        });
        AtomicReference<Sip> sipStarted = new AtomicReference<>();
        try {
            Clock clock = Clock.SYSTEM;
            bootstrap(store, storeConfig.dataDir(), clock, out);
            String secret = store.write(tx -> tx.settings().putIfAbsent(CURSOR_SECRET, randomSecret()));
            byte[] cursorSecret = Base64.getDecoder().decode(secret);
            dispatcher.set(new Dispatcher(store));
            ApplicationService applications = new ApplicationService(store, clock);
            applications.ensureSignatureSecrets();
            PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            // Every request an application aims (webhooks, answer URLs, media, WebSocket legs) goes
            // through one gate, which knows this node's own ports as they bind.
            OwnPorts ownPorts = new OwnPorts();
            OutboundGate gate = new OutboundGate(config.outbound(), ownPorts, metrics);
            String node = nodeName(config.voice());
            webhooks.set(new WebhookWorker(store, clock, config.webhooks(), gate, node));
            JwtVerifier verifier = new JwtVerifier(
                    new ApplicationKeys(id -> applications.find(id).map(Application::publicKeyPem)), clock);
            SessionService sessions = new SessionService(store, clock);
            RtcSocket rtcSocket =
                    new RtcSocket(verifier, sessions, dispatcher.get(), config.maxSessionBuffer(), metrics);
            MemberService members = new MemberService(store, clock, config.maxMembersPerConversation());
            metrics.gauge("parley.rtc.sockets", rtcSocket, RtcSocket::connections);
            metrics.gauge("parley.stream.routed.position", dispatcher.get(), Dispatcher::routedPosition);
            metrics.more().counter("parley.stream.notifications", List.of(), store, JdbiStore::otherNodesCommitsHeard);
            metrics.more()
                    .counter("parley.webhooks.delivered", List.of(), webhooks.get(), WebhookWorker::deliveredCount);
            metrics.more()
                    .counter(
                            "parley.webhooks.failed.attempts",
                            List.of(),
                            webhooks.get(),
                            WebhookWorker::failedAttemptCount);
            AtomicReference<Server> serverStarted = new AtomicReference<>();
            RecordingService recordings = new RecordingService(
                    store,
                    new LocalFileStore(storeConfig.files()),
                    new VoiceService(store, clock),
                    clock,
                    () -> config.publicUrl() != null && !config.publicUrl().isBlank()
                            ? config.publicUrl()
                            : "http://" + hostForUrls(config.host()) + ":"
                                    + serverStarted.get().port(),
                    RecordingService.DEFAULT_RETENTION);
            Sip sip = config.voice().enabled()
                    ? Sip.start(
                            config.voice(),
                            store,
                            clock,
                            out,
                            recordings,
                            storeConfig.dataDir().resolve("spool"),
                            gate,
                            ownPorts,
                            node)
                    : null;
            if (sip == null && !store.read(tx -> tx.sipDomains().all()).isEmpty()) {
                out.println("SIP domains are configured but SIP is off: start with --sip-listen (docs/VOICE.md).");
            }
            if (sip == null && !store.read(tx -> tx.trunks().all()).isEmpty()) {
                out.println("SIP trunks are configured but SIP is off: start with --sip-listen (docs/VOICE.md).");
            }
            sipStarted.set(sip);
            if (sip != null) {
                metrics.gauge("parley.voice.calls.active", sip.calls(), VoiceCalls::activeCalls);
                metrics.more()
                        .counter(
                                "parley.voice.mixer.ticks",
                                List.of(),
                                sip.calls().bridge(),
                                Bridge::ticks);
                metrics.more()
                        .counter(
                                "parley.voice.mixer.late.ticks",
                                List.of(),
                                sip.calls().bridge(),
                                Bridge::lateTicks);
                metrics.more()
                        .counter(
                                "parley.voice.frames.played",
                                List.of(),
                                sip.calls().bridge(),
                                Bridge::framesPlayed);
                metrics.more()
                        .counter(
                                "parley.voice.frames.lost",
                                List.of(),
                                sip.calls().bridge(),
                                Bridge::framesLost);
                metrics.more()
                        .counter(
                                "parley.voice.frames.dropped",
                                List.of(),
                                sip.calls().bridge(),
                                Bridge::framesDropped);
                metrics.more()
                        .counter(
                                "parley.voice.frames.unsent",
                                List.of(),
                                sip.calls().bridge(),
                                Bridge::framesUnsent);
                metrics.more()
                        .counter(
                                "parley.voice.playout.wait.seconds",
                                List.of(),
                                sip.calls().bridge(),
                                Bridge::playoutWaitSeconds);
                metrics.gauge("parley.sip.transactions.open", sip.endpoint(), SipEndpoint::openTransactions);
                metrics.gauge("parley.sip.calls.open", sip.endpoint(), SipEndpoint::openCalls);
                metrics.gauge("parley.sip.trunks.registered", sip.calls(), VoiceCalls::registeredTrunks);
                metrics.more().counter("parley.sip.malformed", List.of(), sip.udp(), UdpSipTransport::malformed);
                metrics.gauge("parley.sip.tcp.connections", sip.tcp(), TcpSipTransport::openConnections);
                metrics.more()
                        .counter("parley.sip.tcp.refused", List.of(), sip.tcp(), TcpSipTransport::refusedConnections);
                metrics.more()
                        .counter(
                                "parley.sip.tcp.timed.out", List.of(), sip.tcp(), TcpSipTransport::timedOutConnections);
            }
            Server.Dependencies deps = new Server.Dependencies(
                    new ConversationService(store, clock),
                    members,
                    new EventService(store, clock, dispatcher.get(), sip == null ? CallControl.NONE : sip.calls()),
                    new UserService(store, clock, members),
                    sessions,
                    new CallService(
                            store,
                            sip == null ? CallControl.NONE : sip.calls(),
                            sip == null ? new CallCommands(store, clock, node, CallControl.NONE) : sip.commands()),
                    new dev.parley.service.AppCallService(store, sip == null ? CallControl.NONE : sip.calls(), members),
                    recordings,
                    rtcSocket::configure,
                    verifier,
                    cursorSecret,
                    config.publicUrl(),
                    config.maxBodyBytes(),
                    config.cors(),
                    config.tls(),
                    config.rateLimits(),
                    metrics);
            Server server = Server.start(config.host(), config.port(), deps);
            ownPorts.add(server.port());
            serverStarted.set(server);
            return new Parley(store, dispatcher.get(), webhooks.get(), rtcSocket, server, sip);
        } catch (RuntimeException e) {
            if (sipStarted.get() != null) {
                sipStarted.get().close();
            }
            if (dispatcher.get() != null) {
                dispatcher.get().close();
            }
            if (webhooks.get() != null) {
                webhooks.get().close();
            }
            store.close();
            throw e;
        }
    }

    /**
     * On the first start with no application, creates a default one so a newcomer can call the API at
     * once: its private key goes to {@code <data-dir>/default-app.key} (owner-only), and an admin token
     * is printed.
     */
    private static void bootstrap(JdbiStore store, Path dataDir, Clock clock, PrintStream out) {
        ApplicationService applications = new ApplicationService(store, clock);
        if (!applications.list().isEmpty()) {
            return;
        }
        ApplicationService.Created created = applications.create("default", null, null);
        Path keyFile = dataDir.resolve("default-app.key");
        writePrivate(keyFile, created.privateKeyPem());
        String token = TokenIssuer.sign(
                created.application().id(),
                Pem.parsePrivateKey(created.privateKeyPem()),
                null,
                BOOTSTRAP_TOKEN_TTL_S,
                null,
                clock.nowMs());
        out.println("Created the default application " + created.application().id());
        out.println("  private key: " + keyFile.toAbsolutePath().normalize());
        out.println("  admin token (valid 24 h):");
        out.println(token);
        out.flush();
    }

    static void writePrivate(Path file, String content) {
        try {
            Files.deleteIfExists(file);
            Files.createFile(file);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system: the file keeps the platform's default permissions
            }
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** The host part of URLs Parley hands out when no public URL is set: a wildcard listen is loopback. */
    private static String hostForUrls(String host) {
        if (host == null || host.isBlank() || host.equals("0.0.0.0") || host.equals("::")) {
            return "127.0.0.1";
        }
        return host.contains(":") ? "[" + host + "]" : host;
    }

    private static void createDataDir(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory " + dataDir, e);
        }
    }

    private static String randomSecret() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return Base64.getEncoder().encodeToString(secret);
    }

    public int port() {
        return server.port();
    }

    /** The SIP port (UDP and TCP), or -1 when SIP is off. */
    public int sipPort() {
        return sip == null ? -1 : sip.udp().local().getPort();
    }

    @Override
    public void close() {
        // Sockets first, so each session records how far it got; then routing; then the store.
        rtcSocket.close();
        if (sip != null) {
            sip.close();
        }
        server.close();
        dispatcher.close();
        webhooks.close();
        store.close();
    }
}
