package dev.parley.outbound;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The ports this node listens on (HTTP, SIP, RTP and WebRTC media), added as each binds: a request
 * from the node to one of them on any of the host's addresses would be the node calling itself.
 * Thread-safe.
 */
public final class OwnPorts {
    private record Range(int first, int last) {}

    private final List<Range> ranges = new CopyOnWriteArrayList<>();

    public void add(int port) {
        addRange(port, port);
    }

    public void addRange(int first, int last) {
        if (first > 0 && last >= first) {
            ranges.add(new Range(first, last));
        }
    }

    public boolean contains(int port) {
        for (Range range : ranges) {
            if (port >= range.first && port <= range.last) {
                return true;
            }
        }
        return false;
    }
}
