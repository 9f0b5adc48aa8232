package dev.parley.api.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.domain.Key;
import dev.parley.service.Page;
import dev.parley.service.PageRequest;
import dev.parley.store.Slice;
import dev.parley.wire.Json;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Paging at the edge: reads {@code page_size}, {@code order} and {@code cursor}, and writes the
 * {@code _links} ({@code first}, {@code self}, {@code next}, {@code prev}) with absolute hrefs whose
 * last parameter is the cursor. Thread-safe.
 */
public final class Paging {
    public static final int DEFAULT_SIZE = 10;
    public static final int MAX_SIZE = 100;

    private final CursorCodec cursors;
    private final Links links;

    public Paging(CursorCodec cursors, Links links) {
        this.cursors = cursors;
        this.links = links;
    }

    /**
     * One list request: the listing's filters (as the client sent them, kept in the links and bound
     * into cursors) and the page to read.
     */
    public final class Listing {
        private final Context ctx;
        private final Map<String, String> filters;
        private final boolean ascending;
        private final int size;
        private final String cursor;
        private final PageRequest request;

        private Listing(Context ctx, Map<String, String> filters, boolean ascending, int size, String cursor) {
            this.ctx = ctx;
            this.filters = filters;
            this.ascending = ascending;
            this.size = size;
            this.cursor = cursor;
            if (cursor == null) {
                this.request = PageRequest.first(ascending, size);
            } else {
                CursorCodec.Position position = cursors.decode(cursor, fingerprint());
                this.request = position.forward()
                        ? new PageRequest(ascending, size, position.key(), null)
                        : new PageRequest(ascending, size, null, position.key());
            }
        }

        PageRequest request() {
            return request;
        }

        /**
         * The list body: {@code page_size}, the items (in the container {@code itemsIn} makes, e.g.
         * {@code _embedded.conversations}), then {@code _links}.
         */
        <T> ObjectNode envelope(
                Page<T> page, Function<ObjectNode, ArrayNode> itemsIn, Function<T, ? extends JsonNode> view) {
            return envelope(page, itemsIn, view, null);
        }

        /**
         * The list body with the next page's cursor (null on the last page) also under {@code cursorField}:
         * the v1 user list requires {@code cursor}, the conversation lists require {@code coursor} (the
         * spec's spelling, which generated clients insist on; docs/COMPATIBILITY.md).
         */
        <T> ObjectNode envelope(
                Page<T> page,
                Function<ObjectNode, ArrayNode> itemsIn,
                Function<T, ? extends JsonNode> view,
                String cursorField) {
            ObjectNode body = Json.object();
            body.put("page_size", size);
            // The next page's cursor is signed once, for the field and the link alike.
            String next = page.nextAfter() == null ? null : encode(page.nextAfter(), true);
            if (cursorField != null) {
                body.put(cursorField, next);
            }
            ArrayNode items = itemsIn.apply(body);
            page.items().forEach(item -> items.add(view.apply(item)));
            ObjectNode linkNode = body.putObject("_links");
            linkNode.putObject("first").put("href", href(null));
            linkNode.putObject("self").put("href", href(cursor));
            if (page.nextAfter() != null) {
                linkNode.putObject("next").put("href", href(next));
            }
            if (page.prevBefore() != null) {
                linkNode.putObject("prev").put("href", href(encode(page.prevBefore(), false)));
            }
            return body;
        }

        private String encode(Key key, boolean forward) {
            return cursors.encode(new CursorCodec.Position(key, forward), fingerprint());
        }

        private String href(String withCursor) {
            StringBuilder query = new StringBuilder();
            filters.forEach((name, value) -> append(query, name, value));
            append(query, "order", ascending ? "asc" : "desc");
            append(query, "page_size", Integer.toString(size));
            if (withCursor != null) {
                append(query, "cursor", withCursor);
            }
            return links.absolute(ctx, ctx.path().replaceAll("/+$", "")) + "?" + query;
        }

        private String fingerprint() {
            StringBuilder text = new StringBuilder(ctx.path().replaceAll("/+$", ""));
            filters.forEach(
                    (name, value) -> text.append('\n').append(name).append('=').append(value));
            return text.append("\norder=").append(ascending).toString();
        }
    }

    /**
     * Reads the paging parameters; {@code filters} are the listing's other parameters in link order.
     * Adds every bad parameter to {@code validation}; the caller throws once all fields are read.
     */
    public Listing listing(Context ctx, Map<String, String> filters, Validation validation) {
        int size = DEFAULT_SIZE;
        String sizeText = ctx.queryParam("page_size");
        if (sizeText != null && !sizeText.isBlank()) {
            try {
                size = Integer.parseInt(sizeText.strip());
                if (size < 1) {
                    validation.add("page_size", "\"page_size\" must be greater than or equal to 1");
                } else if (size > MAX_SIZE) {
                    validation.add("page_size", "\"page_size\" must be less than or equal to " + MAX_SIZE);
                }
            } catch (NumberFormatException e) {
                validation.add("page_size", "\"page_size\" must be a number");
            }
        }
        boolean ascending = true;
        String order = ctx.queryParam("order");
        if (order != null && !order.isBlank()) {
            switch (order.strip().toLowerCase(Locale.ROOT)) {
                case "asc" -> ascending = true;
                case "desc" -> ascending = false;
                default -> validation.add("order", "\"order\" must be one of [asc, desc]");
            }
        }
        validation.throwIfAny();
        String cursor = ctx.queryParam("cursor");
        return new Listing(ctx, filters, ascending, size, cursor == null || cursor.isBlank() ? null : cursor);
    }

    /** Items under {@code _embedded.<collection>}, as every v1 list but events has them. */
    public static Function<ObjectNode, ArrayNode> embedded(String collection) {
        return body -> body.putObject("_embedded").putArray(collection);
    }

    /**
     * An offset-paged list as the Voice API pages one ({@code GET /v1/calls}): {@code count},
     * {@code page_size}, {@code record_index} and {@code _links} ({@code self}, {@code first},
     * {@code last}, and {@code next} and {@code prev} where there are such pages), each href carrying
     * the listing's filters.
     */
    /** An offset page request: {@code record_index}, {@code page_size} and {@code order}. */
    public record Offset(int index, int size, boolean ascending) {}

    /**
     * The offset paging parameters of the Voice API and of the API's first versions: {@code page_size}
     * (1-100, {@code defaultSize} when absent), {@code record_index} (0 to {@link Slice#MAX_SKIP}, since
     * an offset costs rows read) and {@code order}; problems go to {@code v}.
     */
    public static Offset offset(Context ctx, int defaultSize, Map<String, String> filters, Validation v) {
        int size = Params.integer(ctx, "page_size", defaultSize, 1, 100, filters, v);
        int index = Params.integer(ctx, "record_index", 0, 0, Slice.MAX_SKIP, filters, v);
        boolean ascending = Params.ascending(ctx, filters, v);
        return new Offset(index, size, ascending);
    }

    public ObjectNode offsetEnvelope(
            Context ctx, String path, Map<String, String> filters, int recordIndex, int pageSize, int count) {
        ObjectNode body = Json.object();
        body.put("count", count);
        body.put("page_size", pageSize);
        body.put("record_index", recordIndex);
        ObjectNode pageLinks = body.putObject("_links");
        pageLinks.putObject("self").put("href", offsetHref(ctx, path, filters, recordIndex, pageSize));
        pageLinks.putObject("first").put("href", offsetHref(ctx, path, filters, 0, pageSize));
        int lastIndex = count == 0 ? 0 : ((count - 1) / pageSize) * pageSize;
        pageLinks.putObject("last").put("href", offsetHref(ctx, path, filters, lastIndex, pageSize));
        if (recordIndex + pageSize < count) {
            pageLinks.putObject("next").put("href", offsetHref(ctx, path, filters, recordIndex + pageSize, pageSize));
        }
        if (recordIndex > 0) {
            pageLinks
                    .putObject("prev")
                    .put("href", offsetHref(ctx, path, filters, Math.max(0, recordIndex - pageSize), pageSize));
        }
        return body;
    }

    private String offsetHref(Context ctx, String path, Map<String, String> filters, int recordIndex, int pageSize) {
        StringBuilder query = new StringBuilder();
        append(query, "page_size", Integer.toString(pageSize));
        append(query, "record_index", Integer.toString(recordIndex));
        filters.forEach((name, value) -> {
            if (!name.equals("page_size") && !name.equals("record_index")) {
                append(query, name, value);
            }
        });
        return links.absolute(ctx, path + "?" + query);
    }

    public static Map<String, String> filters() {
        return new LinkedHashMap<>();
    }

    private static void append(StringBuilder query, String name, String value) {
        if (!query.isEmpty()) {
            query.append('&');
        }
        query.append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
    }
}
