package dev.parley.voice.media;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Writes a recording as it is made: 16-bit PCM WAV at the mixer's rate, one channel or several
 * interleaved, streamed to a file by a thread of its own so the mixer's tick never waits for a disk.
 * The header's sizes are written when it finishes. Thread-safe.
 */
public final class WavRecorder {
    private static final Object END = new Object();

    private final Path file;
    private final int channels;
    /** Interleaved PCM blocks, then {@link #END}. */
    private final BlockingQueue<Object> frames = new LinkedBlockingQueue<>();

    private final CompletableFuture<Path> finished = new CompletableFuture<>();
    /** Frames handed to the writer at once (0.5 s). */
    private static final int BLOCK_FRAMES = 25;

    private ByteBuffer block;
    private boolean ended;

    public WavRecorder(Path file, int channels) {
        this.file = file;
        this.channels = channels;
        Thread.ofVirtual().name("parley-recording").start(this::write);
    }

    public int channels() {
        return channels;
    }

    /**
     * The next 20 ms: one frame per channel (null: silence). Called on the mixer's tick: frames are
     * interleaved here and handed to the writer half a second at a time, so 200 recordings cost the
     * writer 400 wake-ups and writes a second, not 10,000.
     */
    public synchronized void append(short[][] channelFrames) {
        if (ended) {
            return;
        }
        if (block == null) {
            block = ByteBuffer.allocate(BLOCK_FRAMES * Bridge.FRAME * channels * 2)
                    .order(ByteOrder.LITTLE_ENDIAN);
        }
        for (int i = 0; i < Bridge.FRAME; i++) {
            for (int c = 0; c < channels; c++) {
                short[] frame = c < channelFrames.length ? channelFrames[c] : null;
                block.putShort(frame == null || i >= frame.length ? 0 : frame[i]);
            }
        }
        if (!block.hasRemaining()) {
            frames.add(block.flip());
            block = null;
        }
    }

    /** Completes with the file once everything appended so far is written and the header is right. */
    public synchronized CompletableFuture<Path> finish() {
        if (!ended) {
            ended = true;
            if (block != null) {
                frames.add(block.flip());
                block = null;
            }
            frames.add(END);
        }
        return finished;
    }

    private void write() {
        try (FileChannel out = FileChannel.open(
                file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            out.write(header(0));
            long dataBytes = 0;
            while (true) {
                Object next = frames.take();
                if (next == END) {
                    break;
                }
                ByteBuffer pcm = (ByteBuffer) next;
                dataBytes += pcm.remaining();
                while (pcm.hasRemaining()) {
                    out.write(pcm);
                }
            }
            out.write(header(dataBytes), 0);
            finished.complete(file);
        } catch (IOException e) {
            finished.completeExceptionally(new UncheckedIOException("cannot write recording " + file, e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            finished.completeExceptionally(e);
        }
    }

    /** The 44-byte RIFF header of 16-bit PCM at the mixer's rate. */
    private ByteBuffer header(long dataBytes) {
        ByteBuffer h = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        int blockAlign = channels * 2;
        h.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        h.putInt((int) Math.min(0xFFFFFFFFL, 36 + dataBytes));
        h.put("WAVEfmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        h.putInt(16);
        h.putShort((short) 1); // PCM
        h.putShort((short) channels);
        h.putInt(Bridge.RATE);
        h.putInt(Bridge.RATE * blockAlign);
        h.putShort((short) blockAlign);
        h.putShort((short) 16);
        h.put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        h.putInt((int) Math.min(0xFFFFFFFFL, dataBytes));
        h.flip();
        return h;
    }
}
