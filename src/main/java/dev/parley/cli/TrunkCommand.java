package dev.parley.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.domain.Clock;
import dev.parley.domain.Trunk;
import dev.parley.service.TrunkService;
import dev.parley.store.jdbi.JdbiStore;
import dev.parley.wire.Json;
import dev.parley.wire.Timestamps;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "trunk",
        mixinStandardHelpOptions = true,
        description = "SIP trunks to carriers: how phone calls leave and come in (the Phone channel).",
        subcommands = {TrunkCommand.Create.class, TrunkCommand.ListTrunks.class, TrunkCommand.Delete.class})
final class TrunkCommand {

    /** What create and list show: never the password. */
    static ObjectNode view(Trunk trunk) {
        ObjectNode node = Json.object();
        node.put("name", trunk.name());
        node.put("proxy", trunk.proxy());
        if (trunk.username() != null) {
            node.put("username", trunk.username());
        }
        if (trunk.realm() != null) {
            node.put("realm", trunk.realm());
        }
        node.put("register", trunk.register());
        if (trunk.fromDomain() != null) {
            node.put("from_domain", trunk.fromDomain());
        }
        node.put("number_format", trunk.plusNumbers() ? "plus" : "digits");
        ArrayNode acl = node.putArray("acl");
        trunk.acl().forEach(cidr -> acl.add(cidr.toString()));
        ArrayNode callerIds = node.putArray("caller_ids");
        trunk.callerIds().forEach(pattern -> callerIds.add(pattern.toString()));
        node.put("created", Timestamps.format(trunk.createdMs()));
        return node;
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Add a SIP trunk.")
    static final class Create implements Callable<Integer> {
        @Option(names = "--name", required = true, description = "A name for it, e.g. carrier-1.")
        String name;

        @Option(
                names = "--proxy",
                required = true,
                description = "Where calls go: sip:host[:port][;transport=udp|tcp] (port 5060 and UDP by default).")
        String proxy;

        @Option(names = "--username", description = "Digest username, for challenges (401/407) and REGISTER.")
        String username;

        @ArgGroup
        PasswordOption password;

        @Option(names = "--realm", description = "Answer challenges of this realm only (default: any).")
        String realm;

        @Option(names = "--register", description = "Keep a registration with the proxy alive (needs credentials).")
        boolean register;

        @Option(names = "--from-domain", description = "The host of From in calls placed (default: the proxy's host).")
        String fromDomain;

        @Option(
                names = "--number-format",
                defaultValue = "digits",
                description = "Numbers as the carrier wants them: digits (447700900000) or plus (+447700900000).")
        String numberFormat;

        @Option(
                names = "--acl",
                split = ",",
                description = "Addresses the carrier's INVITEs come from (CIDR; default: the proxy host's addresses).")
        List<String> acl;

        @Option(
                names = "--caller-ids",
                split = ",",
                description = "Caller ids besides their linked numbers that applications with numbers on this trunk"
                        + " may call from through it: E.164 numbers, or blocks such as 4420794600* (default: none).")
        List<String> callerIds;

        @Mixin
        StoreOptions store;

        @Override
        public Integer call() throws IOException {
            String secret = password == null ? null : password.read();
            try (JdbiStore opened = store.open()) {
                Output.json(view(new TrunkService(opened, Clock.SYSTEM)
                        .create(new TrunkService.Request(
                                name,
                                proxy,
                                username,
                                secret,
                                realm,
                                register,
                                fromDomain,
                                acl,
                                numberFormat,
                                callerIds))));
            }
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List trunks (without passwords).")
    static final class ListTrunks implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Override
        public Integer call() throws IOException {
            try (JdbiStore opened = store.open()) {
                ArrayNode list = Json.MAPPER.createArrayNode();
                new TrunkService(opened, Clock.SYSTEM).list().forEach(t -> list.add(view(t)));
                Output.json(list);
            }
            return 0;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Remove a trunk no number uses.")
    static final class Delete implements Callable<Integer> {
        @Option(names = "--name", required = true, description = "The trunk.")
        String name;

        @Mixin
        StoreOptions store;

        @Override
        public Integer call() throws IOException {
            try (JdbiStore opened = store.open()) {
                new TrunkService(opened, Clock.SYSTEM).delete(name);
                Output.json(Json.object().put("deleted", name.strip().toLowerCase(java.util.Locale.ROOT)));
            }
            return 0;
        }
    }
}
