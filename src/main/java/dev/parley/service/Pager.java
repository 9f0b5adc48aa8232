package dev.parley.service;

import dev.parley.domain.Key;
import dev.parley.store.Slice;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/**
 * Turns a page request into keyset reads. Reads one row more than the page to learn whether a further
 * page exists, and one row the other way to learn whether an earlier page exists.
 */
final class Pager {
    private Pager() {}

    static <T> Page<T> read(PageRequest request, Function<Slice, List<T>> fetch, Function<T, Key> keyOf) {
        boolean asc = request.ascending();
        int size = request.size();
        if (request.before() != null) {
            List<T> rows = new ArrayList<>(fetch.apply(new Slice(!asc, request.before(), size + 1)));
            boolean hasPrev = rows.size() > size;
            if (hasPrev) {
                rows.remove(rows.size() - 1);
            }
            Collections.reverse(rows);
            Key first = rows.isEmpty() ? null : keyOf.apply(rows.get(0));
            Key last = rows.isEmpty() ? null : keyOf.apply(rows.get(rows.size() - 1));
            boolean hasNext =
                    last != null && !fetch.apply(new Slice(asc, last, 1)).isEmpty();
            return new Page<>(rows, hasNext && last != null ? last : null, hasPrev ? first : null);
        }
        List<T> rows = new ArrayList<>(fetch.apply(new Slice(asc, request.after(), size + 1)));
        boolean hasNext = rows.size() > size;
        if (hasNext) {
            rows.remove(rows.size() - 1);
        }
        Key first = rows.isEmpty() ? null : keyOf.apply(rows.get(0));
        Key last = rows.isEmpty() ? null : keyOf.apply(rows.get(rows.size() - 1));
        // An empty page after a cursor (its rows were deleted meanwhile) offers only "first".
        boolean hasPrev = request.after() != null
                && first != null
                && !fetch.apply(new Slice(!asc, first, 1)).isEmpty();
        return new Page<>(rows, hasNext ? last : null, hasPrev ? first : null);
    }
}
