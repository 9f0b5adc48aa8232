package dev.parley.voice.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Which source an RTP socket listens to: it latches onto the first, drops strays while that one
 * keeps sending, and the address the SDP named always takes its media back.
 */
class RtpSocketTest {
    private final BlockingQueue<RtpPacket> heard = new LinkedBlockingQueue<>();

    private static void send(DatagramSocket from, RtpSocket to, long ssrc, int sequence) throws Exception {
        byte[] bytes = new RtpPacket(false, 0, sequence, 160L * sequence, ssrc, new byte[160]).encode();
        from.send(new DatagramPacket(bytes, bytes.length, to.local()));
    }

    private long nextHeardSsrc() throws InterruptedException {
        RtpPacket packet = heard.poll(5, TimeUnit.SECONDS);
        assertThat(packet).as("a packet reached the call").isNotNull();
        return packet.ssrc();
    }

    /** Whether what the socket sends next reaches {@code socket} within {@code millis}. */
    private static boolean receivesWhatIsSent(RtpSocket rtp, DatagramSocket socket, int millis) throws Exception {
        rtp.send(new RtpPacket(false, 0, 1, 160, 99, new byte[160]));
        socket.setSoTimeout(millis);
        try {
            socket.receive(new DatagramPacket(new byte[2_048], 2_048));
            return true;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        }
    }

    @Test
    void a_stream_that_got_there_first_gives_way_to_the_peer_the_sdp_named() throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (DatagramSocket peer = new DatagramSocket(0, loopback);
                DatagramSocket stray = new DatagramSocket(0, loopback);
                RtpSocket rtp = RtpSocket.open(
                        RtpPorts.anyOnLoopback(), (InetSocketAddress) peer.getLocalSocketAddress(), heard::add)) {
            send(stray, rtp, 1, 1); // a late packet of the port's previous call
            assertThat(nextHeardSsrc())
                    .as("before the peer speaks, the first source is taken")
                    .isEqualTo(1);

            send(peer, rtp, 2, 1);
            assertThat(nextHeardSsrc())
                    .as("the signalled peer takes its media back")
                    .isEqualTo(2);
            send(stray, rtp, 1, 2);
            send(peer, rtp, 2, 2);
            assertThat(nextHeardSsrc()).as("the stray is dropped now").isEqualTo(2);
            assertThat(receivesWhatIsSent(rtp, peer, 5_000))
                    .as("media goes to the peer")
                    .isTrue();
        }
    }

    @Test
    void a_stray_is_not_heard_while_a_latched_source_keeps_sending() throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (DatagramSocket natted = new DatagramSocket(0, loopback);
                DatagramSocket stray = new DatagramSocket(0, loopback);
                RtpSocket rtp =
                        RtpSocket.open(RtpPorts.anyOnLoopback(), new InetSocketAddress("127.0.0.1", 9), heard::add)) {
            // the peer is behind a NAT: its packets come from elsewhere than its SDP said
            send(natted, rtp, 3, 1);
            assertThat(nextHeardSsrc()).isEqualTo(3);
            send(stray, rtp, 1, 1);
            send(natted, rtp, 3, 2);
            assertThat(nextHeardSsrc()).as("the forged packet is dropped").isEqualTo(3);
            assertThat(receivesWhatIsSent(rtp, natted, 5_000))
                    .as("media goes where the peer sends from")
                    .isTrue();
            // loopback delivers as it sends: had the packet gone to the stray, it would be there already
            assertThat(receivesWhatIsSent(rtp, stray, 100))
                    .as("and not to the stray")
                    .isFalse();
        }
    }
}
