package dev.parley.voice.media;

/**
 * A SIP leg's media port: the G.711 packets it sends go through a jitter buffer and are decoded and
 * brought up to 16 kHz at their tick; the mix it is sent is brought down to 8 kHz, encoded and sent as
 * RTP by its {@link RtpSender}. Thread-safe: packets arrive on the socket's thread, ticks on the mixer's.
 */
public final class RtpPort implements MediaPort {
    private static final short[] SILENCE = new short[RtpSender.SAMPLES_PER_FRAME];

    private final Playout playout;
    private final RtpSender sender;
    private final HalfBand in = new HalfBand();
    private final HalfBand out = new HalfBand();
    /** The last frame played, for concealing one lost frame; tick thread only. */
    private short[] last;

    public RtpPort(RtpSender sender, Bridge.Stats stats) {
        this.sender = sender;
        this.playout = new Playout(stats);
    }

    public RtpSender sender() {
        return sender;
    }

    /** A packet the leg sent: buffered by sequence number if it carries the leg's codec. */
    public void received(RtpPacket packet) {
        if (packet.payloadType() == sender.payloadType()) {
            playout.put(packet.sequence(), packet.payload());
        }
    }

    @Override
    public short[] take() {
        byte[] payload = playout.take();
        short[] decoded = null;
        if (payload == Playout.LOST) {
            decoded = conceal();
        } else if (payload != null) {
            decoded = RtpSender.decode(sender.payloadType(), payload);
            last = decoded;
        } else {
            last = null;
        }
        // The filter runs on silence too, so a stream that resumes starts from a clean history.
        short[] frame = in.up(decoded == null ? SILENCE : decoded);
        return decoded == null ? null : frame;
    }

    /**
     * Loss concealment: a lost frame is the last one at half its level, once; a second loss in a row
     * is silence (repeating a sound longer turns it into a buzz).
     */
    private short[] conceal() {
        short[] previous = last;
        last = null;
        if (previous == null) {
            return null;
        }
        short[] half = new short[previous.length];
        for (int i = 0; i < half.length; i++) {
            half[i] = (short) (previous[i] / 2);
        }
        return half;
    }

    @Override
    public void send(int[] frame) {
        sender.send(out.down(frame));
    }
}
