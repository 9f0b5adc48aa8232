package dev.parley.cli;

import dev.parley.config.CorsSettings;
import dev.parley.config.OutboundSettings;
import dev.parley.config.RateLimits;
import dev.parley.config.ServerConfig;
import dev.parley.config.TlsSettings;
import dev.parley.config.VoiceSettings;
import dev.parley.config.WebhookSettings;
import dev.parley.node.Parley;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "serve", mixinStandardHelpOptions = true, description = "Start the server.")
final class ServeCommand implements Callable<Integer> {
    @Option(
            names = "--host",
            defaultValue = "0.0.0.0",
            description = "Interface to listen on (default ${DEFAULT-VALUE}).")
    String host;

    @Option(
            names = "--port",
            defaultValue = "8080",
            description = "HTTP port (default ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(
            names = "--public-url",
            description = "Base URL clients reach this server at, for _links (default: the request's host).")
    String publicUrl;

    @Option(
            names = "--tls-cert",
            description = "Serve HTTPS on --port with this PEM certificate (its chain may follow in the file).")
    Path tlsCert;

    @Option(names = "--tls-key", description = "The unencrypted PKCS#8 PEM key (RSA or EC) of --tls-cert.")
    Path tlsKey;

    @Option(
            names = "--cors-origins",
            defaultValue = "*",
            description = "Web origins whose pages may call the API, comma-separated scheme://host[:port], or *"
                    + " (default ${DEFAULT-VALUE}: safe, as Parley takes bearer tokens only, never cookies).")
    String corsOrigins;

    @Option(
            names = "--max-members",
            defaultValue = "3000",
            description = "Most active members per conversation (default ${DEFAULT-VALUE}).")
    int maxMembers;

    @Option(
            names = "--max-body-bytes",
            defaultValue = "65536",
            description = "Largest request body accepted (default ${DEFAULT-VALUE}).")
    long maxBodyBytes;

    @Option(
            names = "--session-buffer",
            defaultValue = "4096",
            description =
                    "Most unacknowledged events per client socket before it is dropped to resume (default ${DEFAULT-VALUE}).")
    int sessionBuffer;

    @Option(
            names = "--webhook-connect-timeout",
            defaultValue = "5s",
            converter = DurationConverter.class,
            description = "Webhook connect timeout per attempt (default ${DEFAULT-VALUE}).")
    Duration webhookConnectTimeout;

    @Option(
            names = "--webhook-read-timeout",
            defaultValue = "5s",
            converter = DurationConverter.class,
            description = "Webhook answer timeout per attempt (default ${DEFAULT-VALUE}).")
    Duration webhookReadTimeout;

    @Option(
            names = "--webhook-retry-for",
            defaultValue = "24h",
            converter = DurationConverter.class,
            description = "How long a webhook is retried before it is marked failed (default ${DEFAULT-VALUE}).")
    Duration webhookRetryFor;

    @Option(
            names = "--webhook-backoff-min",
            defaultValue = "1s",
            converter = DurationConverter.class,
            description = "Wait before the first retry; doubles per attempt, with jitter (default ${DEFAULT-VALUE}).")
    Duration webhookBackoffMin;

    @Option(
            names = "--webhook-backoff-max",
            defaultValue = "10m",
            converter = DurationConverter.class,
            description = "Longest wait between retries (default ${DEFAULT-VALUE}).")
    Duration webhookBackoffMax;

    @Option(
            names = "--webhook-concurrency",
            defaultValue = "16",
            description = "Most requests in flight to one webhook URL (default ${DEFAULT-VALUE}).")
    int webhookConcurrency;

    @Option(
            names = "--rate-limit-application",
            defaultValue = "0",
            description = "A hard quota: requests per second each application may make on this node; 0 = none"
                    + " (default ${DEFAULT-VALUE}: fair share protects tenants instead).")
    double rateLimitApplication;

    @Option(
            names = "--rate-limit-application-burst",
            defaultValue = "0",
            description = "Burst allowed above the application rate (default: twice the rate).")
    long rateLimitApplicationBurst;

    @Option(
            names = "--rate-limit-user",
            defaultValue = "50",
            description = "Requests per second each user (user token) may make on this node; 0 = no limit"
                    + " (default ${DEFAULT-VALUE}).")
    double rateLimitUser;

    @Option(
            names = "--rate-limit-user-burst",
            defaultValue = "0",
            description = "Burst allowed above the user rate (default: twice the rate).")
    long rateLimitUserBurst;

    @Option(
            names = "--fair-share-slots",
            defaultValue = "256",
            description = "Requests the node works on at once; the rest wait and each freed slot goes to the"
                    + " waiting application with the fewest in progress; 0 = off (default ${DEFAULT-VALUE}).")
    int fairShareSlots;

    @Option(
            names = "--fair-share-queue",
            defaultValue = "1000",
            description = "Requests one application may have waiting for a slot before the next gets 429"
                    + " (default ${DEFAULT-VALUE}).")
    int fairShareQueue;

    @Option(
            names = "--sip-listen",
            description = "Turns SIP on: where it listens, UDP and TCP (host, host:port or :port; port 5060 when"
                    + " not given, e.g. 0.0.0.0:5060). SIP is off when not given.")
    String sipListen;

    @Option(
            names = "--sip-public-address",
            description = "IP address written into SDP and SIP Via/Contact, for peers to reach this node at"
                    + " (default: the --sip-listen address, or this machine's first non-loopback IPv4 when"
                    + " listening on every interface).")
    String sipPublicAddress;

    @Option(
            names = "--rtp-ports",
            defaultValue = VoiceSettings.DEFAULT_RTP_PORTS,
            description = "UDP ports for calls' RTP, first-last (default ${DEFAULT-VALUE}; one port per leg).")
    String rtpPorts;

    @Option(
            names = "--rtp-timeout",
            defaultValue = "60s",
            converter = DurationConverter.class,
            description = "A call that receives no RTP for this long is hung up and reported (default"
                    + " ${DEFAULT-VALUE}; not while the peer has put it on hold).")
    Duration rtpTimeout;

    @Option(
            names = "--node-timeout",
            defaultValue = "20s",
            converter = DurationConverter.class,
            description = "Nodes sharing a database write a heartbeat; one silent this long is taken for dead and"
                    + " the others end its calls (default ${DEFAULT-VALUE}; the heartbeat is a quarter of it).")
    Duration nodeTimeout;

    @Option(
            names = "--outbound-internal",
            defaultValue = "allow",
            description = "Whether webhooks, answer URLs, media and WebSocket legs may reach loopback and private"
                    + " addresses: allow or deny (default ${DEFAULT-VALUE}; deny where several tenants share a"
                    + " node; docs/SECURITY.md).")
    String outboundInternal;

    @Option(
            names = "--outbound-allow",
            defaultValue = "",
            description = "Address ranges outbound requests may always reach, comma-separated CIDRs (e.g."
                    + " 10.20.0.0/16); never this node's own ports.")
    String outboundAllow;

    @Mixin
    StoreOptions store;

    @Override
    public Integer call() throws InterruptedException {
        ServerConfig config = new ServerConfig(
                        host,
                        port,
                        store.config(),
                        publicUrl,
                        maxMembers,
                        maxBodyBytes,
                        sessionBuffer,
                        new WebhookSettings(
                                webhookConnectTimeout,
                                webhookReadTimeout,
                                webhookRetryFor,
                                webhookBackoffMin,
                                webhookBackoffMax,
                                webhookConcurrency),
                        RateLimits.of(
                                rateLimitApplication,
                                rateLimitApplicationBurst,
                                rateLimitUser,
                                rateLimitUserBurst,
                                fairShareSlots,
                                fairShareQueue),
                        new VoiceSettings(sipListen, sipPublicAddress, rtpPorts, rtpTimeout, nodeTimeout),
                        CorsSettings.parse(corsOrigins),
                        new TlsSettings(tlsCert, tlsKey),
                        new OutboundSettings(outboundInternal, outboundAllow))
                .verify();
        Parley parley = Parley.start(config, System.out);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            parley.close();
            stopped.countDown();
        }));
        System.out.println("Parley is listening on http://" + displayHost() + ":" + parley.port() + " (GET /health)");
        System.out.flush();
        stopped.await();
        return 0;
    }

    private String displayHost() {
        return host.equals("0.0.0.0") ? "localhost" : host;
    }
}
