package dev.parley.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.domain.Clock;
import dev.parley.domain.PhoneNumber;
import dev.parley.service.NumberService;
import dev.parley.store.jdbi.JdbiStore;
import dev.parley.wire.Json;
import dev.parley.wire.Timestamps;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "number",
        mixinStandardHelpOptions = true,
        description = "Phone numbers linked to applications: calls to them reach the application.",
        subcommands = {NumberCommand.Link.class, NumberCommand.ListNumbers.class, NumberCommand.Unlink.class})
final class NumberCommand {

    static ObjectNode view(PhoneNumber number) {
        ObjectNode node = Json.object();
        node.put("number", number.number());
        node.put("application_id", number.applicationId());
        if (number.trunkName() != null) {
            node.put("trunk", number.trunkName());
        }
        node.put("created", Timestamps.format(number.createdMs()));
        return node;
    }

    @Command(name = "link", mixinStandardHelpOptions = true, description = "Link a number to an application.")
    static final class Link implements Callable<Integer> {
        @Option(names = "--number", required = true, description = "The number, E.164 (e.g. +447700900000).")
        String number;

        @Option(names = "--application-id", required = true, description = "The application its calls reach.")
        String applicationId;

        @Option(names = "--trunk", description = "The trunk calls from it leave through (default: the first trunk).")
        String trunk;

        @Mixin
        StoreOptions store;

        @Override
        public Integer call() throws IOException {
            try (JdbiStore opened = store.open()) {
                Output.json(view(new NumberService(opened, Clock.SYSTEM).link(number, applicationId, trunk)));
            }
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List linked numbers.")
    static final class ListNumbers implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Override
        public Integer call() throws IOException {
            try (JdbiStore opened = store.open()) {
                ArrayNode list = Json.MAPPER.createArrayNode();
                new NumberService(opened, Clock.SYSTEM).list().forEach(n -> list.add(view(n)));
                Output.json(list);
            }
            return 0;
        }
    }

    @Command(name = "unlink", mixinStandardHelpOptions = true, description = "Unlink a number.")
    static final class Unlink implements Callable<Integer> {
        @Option(names = "--number", required = true, description = "The number.")
        String number;

        @Mixin
        StoreOptions store;

        @Override
        public Integer call() throws IOException {
            try (JdbiStore opened = store.open()) {
                NumberService numbers = new NumberService(opened, Clock.SYSTEM);
                numbers.unlink(number);
                Output.json(Json.object()
                        .put("unlinked", NumberService.normalize(number).orElse(number.strip())));
            }
            return 0;
        }
    }
}
