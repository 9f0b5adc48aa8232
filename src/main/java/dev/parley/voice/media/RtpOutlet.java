package dev.parley.voice.media;

/**
 * Where a leg's outgoing RTP goes: a plain UDP socket for SIP and phone legs ({@link RtpSocket}), or a
 * WebRTC leg's SRTP transport. The sender numbers and times packets; the outlet only carries them.
 */
@FunctionalInterface
public interface RtpOutlet {
    void send(RtpPacket packet);
}
