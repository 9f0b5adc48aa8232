package dev.parley.service;

import java.util.List;

/** One page of an offset-paged listing (the v0.1 API's {@code record_index}), and the listing's size. */
public record OffsetPage<T>(List<T> items, int count) {}
