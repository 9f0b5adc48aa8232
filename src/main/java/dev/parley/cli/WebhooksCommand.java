package dev.parley.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.domain.Clock;
import dev.parley.service.WebhookService;
import dev.parley.store.WebhookStore.Delivery;
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
        name = "webhooks",
        mixinStandardHelpOptions = true,
        description = "Inspect and redeliver webhooks that failed for good.",
        subcommands = {WebhooksCommand.Failed.class, WebhooksCommand.Redeliver.class})
final class WebhooksCommand {

    @Command(name = "failed", mixinStandardHelpOptions = true, description = "List failed webhook deliveries.")
    static final class Failed implements Callable<Integer> {
        @Option(names = "--app", description = "Only this application's deliveries.")
        String applicationId;

        @Option(names = "--limit", defaultValue = "100", description = "Most to list (default ${DEFAULT-VALUE}).")
        int limit;

        @Mixin
        StoreOptions store;

        @Override
        public Integer call() throws IOException {
            try (JdbiStore opened = store.open()) {
                ArrayNode list = Json.MAPPER.createArrayNode();
                for (Delivery d : new WebhookService(opened, Clock.SYSTEM).failed(applicationId, limit)) {
                    ObjectNode node = list.addObject();
                    node.put("id", d.id());
                    node.put("application_id", d.applicationId());
                    node.put("conversation_id", d.conversationId());
                    node.put("event_id", d.eventId());
                    node.put("url", d.url());
                    node.put("method", d.method());
                    node.put("attempts", d.attempts());
                    node.put("first_tried", Timestamps.format(d.createdMs()));
                    node.put("last_error", d.lastError());
                }
                Output.json(list);
            }
            return 0;
        }
    }

    @Command(
            name = "redeliver",
            mixinStandardHelpOptions = true,
            description = "Send failed deliveries again (a running server picks them up within a second).")
    static final class Redeliver implements Callable<Integer> {
        @Option(names = "--id", description = "A delivery id (repeatable).")
        List<String> ids;

        @Option(names = "--all", description = "Every failed delivery.")
        boolean all;

        @Mixin
        StoreOptions store;

        @Override
        public Integer call() throws IOException {
            if (all == (ids != null && !ids.isEmpty())) {
                throw new IllegalArgumentException("give either --id (one or more) or --all");
            }
            try (JdbiStore opened = store.open()) {
                int count = new WebhookService(opened, Clock.SYSTEM).redeliver(all ? List.of() : ids);
                System.out.println("{\"redelivering\": " + count + "}");
            }
            return 0;
        }
    }
}
