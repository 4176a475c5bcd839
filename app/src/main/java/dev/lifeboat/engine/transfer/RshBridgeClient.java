package dev.lifeboat.engine.transfer;

import dev.lifeboat.engine.ArchitectureException;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The program rsync starts as its remote shell when {@link RshBridge} carries it: {@code rsh DIR [-l user] host
 * command...}. Sends the command to the bridge, then copies its stdin to the bridge and the bridge's frames to its
 * stdout and stderr, and exits with the remote exit status (255 when the bridge fails, as ssh does).
 */
@ArchitectureException(
        reason = "a separate process that rsync runs as its remote shell: its stdout and stderr are the rsync protocol"
                + " stream and the remote stderr, not output for a person")
public final class RshBridgeClient {
    private RshBridgeClient() {}

    public static void main(String[] args) {
        int status;
        try {
            status = run(args);
        } catch (IOException | RuntimeException e) {
            byte[] msg = ("lifeboat rsh bridge: " + e.getMessage() + "\n").getBytes(StandardCharsets.UTF_8);
            try {
                new FileOutputStream(FileDescriptor.err).write(msg);
            } catch (IOException ignored) {
                // Nothing left to report to.
            }
            status = 255;
        }
        Runtime.getRuntime().halt(status);
    }

    /** The remote command: what follows the host among rsync's arguments, joined with spaces as ssh does. */
    static String remoteCommand(List<String> rshArgs) {
        int i = 0;
        while (i < rshArgs.size() && rshArgs.get(i).startsWith("-")) {
            i += rshArgs.get(i).equals("-l") || rshArgs.get(i).equals("-p") ? 2 : 1;
        }
        i++; // the host
        if (i >= rshArgs.size()) {
            throw new IllegalArgumentException("no remote command in " + rshArgs);
        }
        return String.join(" ", rshArgs.subList(i, rshArgs.size()));
    }

    private static int run(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        String line = remoteCommand(new ArrayList<>(List.of(args).subList(1, args.length)));
        String token = Files.readString(dir.resolve("token"));
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        ch.connect(UnixDomainSocketAddress.of(dir.resolve("rsh.sock")));
        byte[] cmd = line.getBytes(StandardCharsets.UTF_8);
        RshBridge.writeAll(
                ch,
                ByteBuffer.allocate(token.length() + 4 + cmd.length)
                        .put(token.getBytes(StandardCharsets.US_ASCII))
                        .putInt(cmd.length)
                        .put(cmd)
                        .flip());
        Thread up = new Thread(
                () -> {
                    byte[] buf = new byte[RshBridge.BUFFER_BYTES];
                    InputStream in = new java.io.FileInputStream(FileDescriptor.in);
                    try {
                        int n;
                        while ((n = in.read(buf)) >= 0) {
                            RshBridge.writeAll(ch, ByteBuffer.wrap(buf, 0, n));
                        }
                        ch.shutdownOutput();
                    } catch (IOException e) {
                        // The bridge or rsync went away; the exit status will tell.
                    }
                },
                "stdin");
        up.setDaemon(true);
        up.start();
        OutputStream out = new FileOutputStream(FileDescriptor.out);
        OutputStream err = new FileOutputStream(FileDescriptor.err);
        while (true) {
            ByteBuffer head;
            try {
                head = RshBridge.readFully(ch, 5);
            } catch (IOException e) {
                return 255;
            }
            byte type = head.get();
            int len = head.getInt();
            ByteBuffer payload = RshBridge.readFully(ch, len);
            switch (type) {
                case RshBridge.STDOUT -> {
                    out.write(payload.array(), 0, len);
                    out.flush();
                }
                case RshBridge.STDERR -> {
                    err.write(payload.array(), 0, len);
                    err.flush();
                }
                case RshBridge.EXIT -> {
                    return payload.getInt();
                }
                default -> throw new IOException("bad frame type " + type);
            }
        }
    }
}
