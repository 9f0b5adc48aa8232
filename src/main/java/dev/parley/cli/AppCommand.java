package dev.parley.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.domain.Application;
import dev.parley.domain.Clock;
import dev.parley.domain.VoiceWebhooks;
import dev.parley.service.ApplicationService;
import dev.parley.store.jdbi.JdbiStore;
import dev.parley.wire.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "app",
        mixinStandardHelpOptions = true,
        description = "Manage applications.",
        subcommands = {AppCommand.Create.class, AppCommand.Update.class, AppCommand.ListApps.class})
final class AppCommand {

    static ObjectNode describe(Application app) {
        ObjectNode node = Json.object();
        node.put("id", app.id());
        node.put("name", app.name());
        if (app.eventUrl() != null) {
            node.put("event_url", app.eventUrl());
            node.put("event_method", app.eventMethod());
        }
        return node;
    }

    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description =
                    "Create an application with a new RSA key pair, or register an existing one (--id and --public-key).")
    static final class Create implements Callable<Integer> {
        @Option(names = "--name", required = true, description = "Application name.")
        String name;

        @Option(names = "--event-url", description = "RTC event webhook URL.")
        String eventUrl;

        @Option(
                names = "--event-method",
                defaultValue = "POST",
                description = "Webhook method: POST or GET (default ${DEFAULT-VALUE}).")
        String eventMethod;

        @Option(
                names = "--private-key-out",
                defaultValue = "private.key",
                description = "Where to write the new private key, PKCS#8 PEM (default ${DEFAULT-VALUE}).")
        Path privateKeyOut;

        @Option(names = "--id", description = "Register this existing application id (a UUID) instead of creating one.")
        String id;

        @Option(names = "--public-key", description = "With --id: the application's existing public key (PEM file).")
        Path publicKey;

        @Mixin
        StoreOptions store;

        @Override
        public Integer call() throws IOException {
            String method = method(eventMethod);
            checkUrl(eventUrl);
            if ((id == null) != (publicKey == null)) {
                throw new IllegalArgumentException("--id and --public-key go together");
            }
            try (JdbiStore opened = store.open()) {
                ApplicationService applications = new ApplicationService(opened, Clock.SYSTEM);
                ObjectNode out;
                if (id != null) {
                    ApplicationService.Created created = applications.register(
                            id, name, Files.readString(publicKey), eventUrl, eventUrl == null ? null : method);
                    out = describe(created.application());
                    out.put("signature_secret", created.signatureSecret());
                } else {
                    if (Files.exists(privateKeyOut)) {
                        throw new IllegalArgumentException(
                                privateKeyOut + " exists; choose another file with --private-key-out");
                    }
                    ApplicationService.Created created =
                            applications.create(name, eventUrl, eventUrl == null ? null : method);
                    writePrivate(privateKeyOut, created.privateKeyPem());
                    out = describe(created.application());
                    out.put("private_key_file", privateKeyOut.toAbsolutePath().toString());
                    out.put("signature_secret", created.signatureSecret());
                }
                Output.json(out);
            }
            return 0;
        }

        private static void writePrivate(Path file, String pem) throws IOException {
            Files.createFile(file);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system
            }
            Files.writeString(file, pem);
        }
    }

    static String method(String eventMethod) {
        String method = eventMethod.toUpperCase(Locale.ROOT);
        if (!method.equals("POST") && !method.equals("GET")) {
            throw new IllegalArgumentException("a webhook method must be POST or GET (got " + eventMethod + ")");
        }
        return method;
    }

    static void checkUrl(String url) {
        if (url != null && !url.isEmpty() && !url.matches("^https?://[^/\\s]+\\S*$")) {
            throw new IllegalArgumentException("a webhook URL must be an absolute http(s) URL (got " + url + ")");
        }
    }

    @Command(
            name = "update",
            mixinStandardHelpOptions = true,
            description = "Change an application's event webhook or rotate its webhook signature secret.")
    static final class Update implements Callable<Integer> {
        @Option(names = "--id", required = true, description = "The application's id.")
        String id;

        @Option(names = "--event-url", description = "New RTC event webhook URL (an empty value removes it).")
        String eventUrl;

        @Option(
                names = "--event-method",
                description = "Webhook method: POST or GET (default: unchanged, POST for a new URL).")
        String eventMethod;

        @Option(names = "--answer-url", description = "Voice: where a new call asks for its NCCO (empty removes it).")
        String answerUrl;

        @Option(names = "--answer-method", description = "Voice: GET (default) or POST for the answer URL.")
        String answerMethod;

        @Option(names = "--fallback-answer-url", description = "Voice: tried when the answer URL fails.")
        String fallbackAnswerUrl;

        @Option(names = "--voice-event-url", description = "Voice: where call events go (empty removes it).")
        String voiceEventUrl;

        @Option(names = "--voice-event-method", description = "Voice: POST (default) or GET for call events.")
        String voiceEventMethod;

        @Option(
                names = "--rotate-secret",
                description = "Replace the webhook signature secret; the new one is printed once.")
        boolean rotateSecret;

        @Mixin
        StoreOptions store;

        @Override
        public Integer call() throws IOException {
            boolean voice = answerUrl != null
                    || answerMethod != null
                    || fallbackAnswerUrl != null
                    || voiceEventUrl != null
                    || voiceEventMethod != null;
            if (eventUrl == null && eventMethod == null && !rotateSecret && !voice) {
                throw new IllegalArgumentException("nothing to change: give --event-url, --event-method,"
                        + " --rotate-secret or a voice webhook (--answer-url ...)");
            }
            checkUrl(eventUrl);
            checkUrl(answerUrl);
            checkUrl(fallbackAnswerUrl);
            checkUrl(voiceEventUrl);
            try (JdbiStore opened = store.open()) {
                ApplicationService applications = new ApplicationService(opened, Clock.SYSTEM);
                Application app =
                        applications.find(id).orElseThrow(() -> new IllegalArgumentException("no application " + id));
                if (eventUrl != null || eventMethod != null) {
                    String url = eventUrl == null ? app.eventUrl() : (eventUrl.isEmpty() ? null : eventUrl);
                    String method = eventMethod != null
                            ? method(eventMethod)
                            : (app.eventMethod() != null ? app.eventMethod() : "POST");
                    app = applications.updateEventUrl(id, url, method);
                }
                ObjectNode out = describe(app);
                if (voice) {
                    VoiceWebhooks current = applications.voiceWebhooks(id);
                    VoiceWebhooks updated = applications.updateVoiceWebhooks(
                            id,
                            new VoiceWebhooks(
                                    answerUrl == null ? current.answerUrl() : emptyToNull(answerUrl),
                                    answerMethod == null ? current.answerMethod() : method(answerMethod),
                                    voiceEventUrl == null ? current.eventUrl() : emptyToNull(voiceEventUrl),
                                    voiceEventMethod == null ? current.eventMethod() : method(voiceEventMethod),
                                    fallbackAnswerUrl == null
                                            ? current.fallbackAnswerUrl()
                                            : emptyToNull(fallbackAnswerUrl)));
                    ObjectNode webhooks = out.putObject("voice");
                    webhooks.put("answer_url", updated.answerUrl());
                    webhooks.put("answer_method", updated.answerMethod());
                    webhooks.put("event_url", updated.eventUrl());
                    webhooks.put("event_method", updated.eventMethod());
                    webhooks.put("fallback_answer_url", updated.fallbackAnswerUrl());
                }
                if (rotateSecret) {
                    out.put("signature_secret", applications.rotateSignatureSecret(id));
                }
                Output.json(out);
            }
            return 0;
        }
    }

    private static String emptyToNull(String url) {
        return url.isEmpty() ? null : url;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List applications.")
    static final class ListApps implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Override
        public Integer call() throws IOException {
            try (JdbiStore opened = store.open()) {
                ArrayNode list = Json.MAPPER.createArrayNode();
                new ApplicationService(opened, Clock.SYSTEM).list().forEach(app -> list.add(describe(app)));
                Output.json(list);
            }
            return 0;
        }
    }
}
