package dev.parley.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.domain.Clock;
import dev.parley.domain.SipCredential;
import dev.parley.service.SipCredentialService;
import dev.parley.store.jdbi.JdbiStore;
import dev.parley.wire.Json;
import dev.parley.wire.Timestamps;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "sip-credential",
        mixinStandardHelpOptions = true,
        description = "Digest credentials an application's outbound calls answer a SIP host's challenge with.",
        subcommands = {
            SipCredentialCommand.Set.class,
            SipCredentialCommand.ListCredentials.class,
            SipCredentialCommand.Delete.class
        })
final class SipCredentialCommand {

    /** What list shows: never the password. */
    static ObjectNode view(SipCredential credential) {
        ObjectNode node = Json.object();
        node.put("application_id", credential.applicationId());
        node.put("host", credential.host());
        node.put("username", credential.username());
        node.put("created", Timestamps.format(credential.createdMs()));
        return node;
    }

    @Command(
            name = "set",
            mixinStandardHelpOptions = true,
            description = "Set the credentials an application uses for a SIP host (replaces any before).")
    static final class Set implements Callable<Integer> {
        @Option(names = "--application-id", required = true, description = "The application placing the calls.")
        String applicationId;

        @Option(
                names = "--host",
                required = true,
                description = "The host of the sip: URIs dialled, e.g. pbx.example.com.")
        String host;

        @Option(names = "--username", required = true, description = "The digest username.")
        String username;

        @ArgGroup(multiplicity = "1")
        PasswordOption password;

        @Mixin
        StoreOptions store;

        @Override
        public Integer call() throws IOException {
            String secret = password.read();
            try (JdbiStore opened = store.open()) {
                Output.json(view(
                        new SipCredentialService(opened, Clock.SYSTEM).set(applicationId, host, username, secret)));
            }
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List SIP credentials (without passwords).")
    static final class ListCredentials implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Override
        public Integer call() throws IOException {
            try (JdbiStore opened = store.open()) {
                ArrayNode list = Json.MAPPER.createArrayNode();
                new SipCredentialService(opened, Clock.SYSTEM).list().forEach(c -> list.add(view(c)));
                Output.json(list);
            }
            return 0;
        }
    }

    @Command(
            name = "delete",
            mixinStandardHelpOptions = true,
            description = "Remove an application's credentials for a host.")
    static final class Delete implements Callable<Integer> {
        @Option(names = "--application-id", required = true, description = "The application.")
        String applicationId;

        @Option(names = "--host", required = true, description = "The SIP host.")
        String host;

        @Mixin
        StoreOptions store;

        @Override
        public Integer call() throws IOException {
            try (JdbiStore opened = store.open()) {
                new SipCredentialService(opened, Clock.SYSTEM).delete(applicationId, host);
                ObjectNode deleted =
                        Json.object().put("application_id", applicationId).put("host", host.strip());
                Output.json(Json.object().set("deleted", deleted));
            }
            return 0;
        }
    }
}
