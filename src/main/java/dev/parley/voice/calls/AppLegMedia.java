package dev.parley.voice.calls;

import dev.parley.voice.media.MediaPort;
import dev.parley.voice.webrtc.WebRtcMedia;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An App leg's WebRTC media as its call sees it: the media in use (which a hangup closes), what the
 * media tells the call, and the port the mixer holds, which follows the media when a reconnect (the
 * SDK's {@code reconnectCall}, a browser that reloaded or changed network) replaces it, so the leg
 * keeps its place, mute and earmuff in the mix. Thread-safe.
 */
final class AppLegMedia {
    final AtomicReference<WebRtcMedia> current;
    final WebRtcMedia.Events events;
    final FollowingPort port = new FollowingPort();

    AppLegMedia(AtomicReference<WebRtcMedia> current, WebRtcMedia.Events events) {
        this.current = current;
        this.events = events;
    }

    /** {@code media} carries the leg from now on: the mixer's port and the session's counters follow it. */
    void use(WebRtcMedia media, CallSession session) {
        current.set(media);
        port.delegate = media.port();
        session.media.counters = media.transport();
        session.media.reception = media.reception();
    }

    /** The mixer's port for the leg: whichever media carries it now. */
    static final class FollowingPort implements MediaPort {
        private volatile MediaPort delegate;

        @Override
        public short[] take() {
            MediaPort now = delegate;
            return now == null ? null : now.take();
        }

        @Override
        public void send(int[] frame) {
            MediaPort now = delegate;
            if (now != null) {
                now.send(frame);
            }
        }
    }
}
