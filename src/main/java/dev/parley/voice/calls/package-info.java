/** Calls and legs as use cases: create, hang up, transfer, mute; their Voice API events and webhooks. */
package dev.parley.voice.calls;
