package dev.parley.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.domain.Clock;
import dev.parley.domain.SipDomain;
import dev.parley.service.SipDomainService;
import dev.parley.store.jdbi.JdbiStore;
import dev.parley.wire.Json;
import dev.parley.wire.Timestamps;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "sip-domain",
        mixinStandardHelpOptions = true,
        description = "Route SIP domains to applications (inbound calls to sip:...@NAME).",
        subcommands = {SipDomainCommand.Create.class, SipDomainCommand.ListDomains.class, SipDomainCommand.Delete.class
        })
final class SipDomainCommand {

    static ObjectNode view(SipDomain domain) {
        ObjectNode node = Json.object();
        node.put("name", domain.name());
        node.put("application_id", domain.applicationId());
        ArrayNode acl = node.putArray("acl");
        domain.acl().forEach(cidr -> acl.add(cidr.toString()));
        node.put("created", Timestamps.format(domain.createdMs()));
        return node;
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Route a SIP domain to an application.")
    static final class Create implements Callable<Integer> {
        @Option(names = "--name", required = true, description = "The domain, e.g. acme.sip.example.com.")
        String name;

        @Option(names = "--application-id", required = true, description = "The application its calls reach.")
        String applicationId;

        @Option(
                names = "--acl",
                required = true,
                split = ",",
                description = "Addresses allowed to call through it (CIDR, repeatable or comma-separated).")
        List<String> acl;

        @Mixin
        StoreOptions store;

        @Override
        public Integer call() throws IOException {
            try (JdbiStore opened = store.open()) {
                Output.json(view(new SipDomainService(opened, Clock.SYSTEM).create(name, applicationId, acl)));
            }
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List SIP domains.")
    static final class ListDomains implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Override
        public Integer call() throws IOException {
            try (JdbiStore opened = store.open()) {
                ArrayNode list = Json.MAPPER.createArrayNode();
                new SipDomainService(opened, Clock.SYSTEM).list().forEach(d -> list.add(view(d)));
                Output.json(list);
            }
            return 0;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Stop routing a SIP domain.")
    static final class Delete implements Callable<Integer> {
        @Option(names = "--name", required = true, description = "The domain.")
        String name;

        @Mixin
        StoreOptions store;

        @Override
        public Integer call() throws IOException {
            try (JdbiStore opened = store.open()) {
                new SipDomainService(opened, Clock.SYSTEM).delete(name);
                System.out.println("{\"deleted\": \"" + name.strip().toLowerCase(java.util.Locale.ROOT) + "\"}");
            }
            return 0;
        }
    }
}
