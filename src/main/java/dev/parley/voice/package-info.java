/**
 * The voice half (issues 13-15): Legs, the Voice API's {@code /v1/calls}, NCCO, and the SIP, Phone and
 * WebSocket-audio channels. A package tree, not a Maven module (docs/DECISIONS.md). Its layer rules are
 * already in {@code ArchitectureTest}: voice depends on {@code service}, {@code wire} and {@code domain},
 * never on {@code api}, {@code store}, {@code realtime} or {@code node}; {@code voice.media} (RTP, jitter
 * buffers, the mixer's tick) touches no store and no service, so a 20 ms tick never waits on a database.
 */
package dev.parley.voice;
