package dev.parley.voice.media;

import java.util.concurrent.CompletableFuture;

/**
 * Audio played to one leg (a prompt, or a talk or stream started over REST), drawn a frame at a time
 * by the mixer's tick: {@code loops} times over (0: until stopped), scaled by {@code gain}. Starting a
 * new one stops the one before. Thread-safe.
 */
public final class Playback {
    private short[] samples;
    private double gain;
    private int loopsLeft;
    private int position;
    private CompletableFuture<Boolean> done = CompletableFuture.completedFuture(true);

    /** Starts playing; the future completes true when it played to the end, false when stopped. */
    public synchronized CompletableFuture<Boolean> start(short[] audio, double scale, int loops) {
        finish(false);
        if (audio.length == 0) {
            return CompletableFuture.completedFuture(true);
        }
        samples = audio;
        gain = scale;
        loopsLeft = loops == 0 ? -1 : loops;
        position = 0;
        done = new CompletableFuture<>();
        return done;
    }

    /** Stops what plays; false when nothing did. */
    public synchronized boolean stop() {
        boolean playing = samples != null;
        finish(false);
        return playing;
    }

    public synchronized boolean playing() {
        return samples != null;
    }

    /** Adds the next frame's samples into {@code frame}. */
    synchronized void addTo(int[] frame) {
        for (int i = 0; i < frame.length && samples != null; i++) {
            if (position >= samples.length) {
                if (loopsLeft > 0) {
                    loopsLeft--;
                }
                if (loopsLeft == 0) {
                    finish(true);
                    return;
                }
                position = 0;
            }
            frame[i] += (int) Math.round(samples[position++] * gain);
        }
        if (samples != null && position >= samples.length && loopsLeft == 1) {
            finish(true); // the last frame is out: done now rather than a tick later
        }
    }

    private void finish(boolean toTheEnd) {
        samples = null;
        done.complete(toTheEnd);
    }
}
