package dev.parley.outbound;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.SocketAddressResolver;

/**
 * Jetty's name lookup for the gate's clients: every connection they open (the first request, each
 * redirect, each new pooled connection) gets only addresses the gate passed. The lookup blocks, so it
 * runs on a virtual thread of its own.
 */
final class GatedResolver implements SocketAddressResolver {
    private final OutboundGate gate;

    GatedResolver(OutboundGate gate) {
        this.gate = gate;
    }

    @Override
    public void resolve(String host, int port, Map<String, Object> context, Promise<List<InetSocketAddress>> promise) {
        Thread.ofVirtual().name("parley-outbound-resolve").start(() -> {
            try {
                promise.succeeded(gate.resolve(host, port));
            } catch (Exception e) {
                promise.failed(e);
            }
        });
    }
}
