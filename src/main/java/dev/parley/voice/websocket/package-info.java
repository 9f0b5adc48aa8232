/** The WebSocket audio channel: Parley dials the application's socket and carries 20 ms PCM frames. */
package dev.parley.voice.websocket;
