/**
 * The outbound gate: every HTTP and WebSocket request Parley makes for an application (webhooks,
 * answer, fallback and event URLs, NCCO media, WebSocket legs) is sent by a client built by {@link
 * dev.parley.outbound.OutboundGate}, which judges the address each connection is made to. Threads: name
 * lookups run on short-lived virtual threads ({@code parley-outbound-resolve}); each client's I/O runs
 * on Jetty's own pool, named {@code parley-outbound-<use>}. No other package may build an HTTP or
 * WebSocket client ({@code ArchitectureTest}).
 */
package dev.parley.outbound;
