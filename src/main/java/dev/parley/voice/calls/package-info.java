/**
 * Call control: legs running on this node (a {@link dev.parley.voice.calls.CallSession} each, in three
 * parts by owner: its record, written only on its {@code WriteLane}; its {@code LegMedia}; the {@code
 * NccoControl} its NCCO thread waits on), the NCCO runner, rooms in the mixer, recordings; the only voice
 * package that talks to service ports. Threads, what each owns and the lock order: docs/THREADS.md.
 */
package dev.parley.voice.calls;
