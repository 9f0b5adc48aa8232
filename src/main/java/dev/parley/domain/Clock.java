package dev.parley.domain;

/** Time source, so tests and services agree on "now" without reading the system clock directly. */
@FunctionalInterface
public interface Clock {
    long nowMs();

    Clock SYSTEM = System::currentTimeMillis;
}
