package dev.slipway.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/** Free-port picking and "is this port taken, and by whom" checks for local test servers. */
public final class Ports {

    private Ports() {
    }

    /** A port that was free a moment ago on every local address. */
    public static int free() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("cannot find a free TCP port: " + e.getMessage(), e);
        }
    }

    /** A free port different from all of {@code taken} (two free() calls in a row may return the same port). */
    public static int freeExcept(int... taken) {
        for (int attempt = 0; attempt < 50; attempt++) {
            int p = free();
            if (java.util.Arrays.stream(taken).noneMatch(t -> t == p)) {
                return p;
            }
        }
        throw new IllegalStateException("cannot find a free TCP port distinct from " + java.util.Arrays.toString(taken));
    }

    /** True when nothing listens on {@code port}, checked by binding it on the wildcard and the loopback address. */
    public static boolean isFree(int port) {
        return canBind(new InetSocketAddress(port)) && canBind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    }

    private static boolean canBind(InetSocketAddress address) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(address);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Returns {@code port} if it is free, else throws with a message naming the port, {@code what} it was meant for
     * and, where the OS tells, the process holding it.
     */
    public static int requireFree(int port, String what) {
        checkRange(port);
        if (!isFree(port)) {
            throw new PortInUseException(port, what, holder(port));
        }
        return port;
    }

    static int checkRange(int port) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port out of range 0..65535: " + port);
        }
        return port;
    }

    /**
     * Best effort (Linux): the process listening on {@code port}, as {@code "pid 123 (java -jar …)"}. Empty when it
     * cannot be told (another user's process, no /proc, …).
     */
    public static Optional<String> holder(int port) {
        try {
            Set<String> inodes = new java.util.HashSet<>();
            for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
                Path t = Path.of(table);
                if (!Files.isReadable(t)) {
                    continue;
                }
                for (String line : Files.readAllLines(t)) {
                    String[] f = line.trim().split("\\s+");
                    // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
                    if (f.length < 10 || !f[1].contains(":") || !"0A".equals(f[3])) {
                        continue;
                    }
                    int local = Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16);
                    if (local == port) {
                        inodes.add("socket:[" + f[9] + "]");
                    }
                }
            }
            if (inodes.isEmpty()) {
                return Optional.empty();
            }
            try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
                return procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                        .filter(p -> ownsSocket(p, inodes))
                        .findFirst()
                        .map(p -> describe(Long.parseLong(p.getFileName().toString())));
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static boolean ownsSocket(Path proc, Set<String> inodes) {
        try (Stream<Path> fds = Files.list(proc.resolve("fd"))) {
            return fds.anyMatch(fd -> {
                try {
                    return inodes.contains(Files.readSymbolicLink(fd).toString());
                } catch (IOException | UnsupportedOperationException e) {
                    return false;
                }
            });
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static String describe(long pid) {
        String cmd = ProcessHandle.of(pid).flatMap(h -> h.info().commandLine()).orElse("");
        if (cmd.length() > 120) {
            cmd = cmd.substring(0, 117) + "...";
        }
        return "pid " + pid + (cmd.isEmpty() ? "" : " (" + cmd + ")");
    }

    /** A port that a component needs is already in use. */
    public static final class PortInUseException extends IllegalStateException {
        private final int port;

        public PortInUseException(int port, String what, Optional<String> holder) {
            super(what + " " + port + " is already in use" + holder.map(h -> " by " + h).orElse(""));
            this.port = port;
        }

        public int port() {
            return port;
        }
    }
}
