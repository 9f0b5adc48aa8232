package dev.parley.service;

import dev.parley.domain.Key;
import java.util.List;

/** One page of a listing, with the keys to continue from (null where there is no such page). */
public record Page<T>(List<T> items, Key nextAfter, Key prevBefore) {}
