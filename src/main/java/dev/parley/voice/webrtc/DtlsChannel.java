package dev.parley.voice.webrtc;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.bouncycastle.tls.DatagramTransport;

/**
 * The DTLS records of one leg as BouncyCastle reads them: the leg's receive loop queues what it
 * demultiplexed as DTLS, and what DTLS sends goes to the browser's checked address. A full queue
 * drops (a flood of records must not grow memory; DTLS retransmits what mattered).
 */
final class DtlsChannel implements DatagramTransport {
    /** Below the smallest path MTU WebRTC assumes, less IP and UDP headers. */
    private static final int MTU = 1_200;

    private final DatagramChannel socket;
    private final Supplier<InetSocketAddress> peer;
    private final BlockingQueue<byte[]> records = new ArrayBlockingQueue<>(64);
    private volatile boolean closed;

    DtlsChannel(DatagramChannel socket, Supplier<InetSocketAddress> peer) {
        this.socket = socket;
        this.peer = peer;
    }

    /** A record that came in; false when it was dropped. */
    boolean offer(byte[] record) {
        return !closed && records.offer(record);
    }

    @Override
    public int getReceiveLimit() {
        return MTU;
    }

    @Override
    public int getSendLimit() {
        return MTU;
    }

    @Override
    public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
        if (closed) {
            throw new IOException("the leg's transport is closed");
        }
        try {
            byte[] record = records.poll(waitMillis, TimeUnit.MILLISECONDS);
            if (record == null) {
                return -1;
            }
            int length = Math.min(len, record.length);
            System.arraycopy(record, 0, buf, off, length);
            return length;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted waiting for DTLS");
        }
    }

    @Override
    public void send(byte[] buf, int off, int len) throws IOException {
        InetSocketAddress to = peer.get();
        if (to != null && !closed) {
            socket.send(ByteBuffer.wrap(buf, off, len), to);
        }
    }

    @Override
    public void close() {
        closed = true;
        records.clear();
    }
}
