package io.fleetstream.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

/**
 * Picks free loopback ports. Ports handed out once are never handed out again in this JVM, so platforms built
 * side by side cannot be given the same port between choosing it and binding it.
 */
public final class PortAllocator {
    private static final Set<Integer> HANDED_OUT = new HashSet<>();
    private static final int ATTEMPTS = 50;

    private PortAllocator() {
    }

    /** Returns {@code requested} when it is non-zero, else a free loopback port. */
    public static int resolve(int requested) {
        if (requested < 0 || requested > 65535) {
            throw new IllegalArgumentException("Port out of range: " + requested);
        }
        return requested == 0 ? freePort() : requested;
    }

    public static synchronized int freePort() {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int port;
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot open a loopback socket to find a free port", e);
            }
            if (HANDED_OUT.add(port)) {
                return port;
            }
        }
        throw new IllegalStateException("No free loopback port found after " + ATTEMPTS + " attempts");
    }
}
