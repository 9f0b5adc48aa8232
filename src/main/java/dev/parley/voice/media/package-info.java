/** RTP in and out, G.711, RFC 4733 DTMF, jitter buffers and the conference mixer; no store, no services. */
package dev.parley.voice.media;
