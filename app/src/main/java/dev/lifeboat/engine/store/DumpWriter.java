package dev.lifeboat.engine.store;

import com.github.luben.zstd.ZstdOutputStream;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;

/**
 * Writes one dump into a snapshot as it streams in: zstd-compressed, the compressed bytes hashed (sha256) on the way
 * to disk, into {@code NAME.partial} first and renamed to its final name only by {@link #commit()} — so a dump cut
 * short never looks complete. Not thread-safe: one writer per dump, fed by one thread.
 */
public final class DumpWriter implements AutoCloseable {
    /** zstd level 3 (zstd's default): fast on two cores, 3–10× on SQL. */
    public static final int ZSTD_LEVEL = 3;

    private final Path target;
    private final Path partial;
    private final MessageDigest digest = TreeIndex.sha256();
    private final CountingStream counted;
    private final ZstdOutputStream zstd;
    private long rawBytes;
    private boolean closed;

    public DumpWriter(Path target) throws IOException {
        this.target = target;
        this.partial = target.resolveSibling(target.getFileName() + ".partial");
        Files.createDirectories(target.getParent());
        OutputStream file = new BufferedOutputStream(Files.newOutputStream(partial), 1 << 16);
        this.counted = new CountingStream(file, digest);
        this.zstd = new ZstdOutputStream(counted, ZSTD_LEVEL);
    }

    /** Appends raw dump bytes. */
    public void write(byte[] b, int off, int len) throws IOException {
        zstd.write(b, off, len);
        rawBytes += len;
    }

    public long rawBytes() {
        return rawBytes;
    }

    /** Compressed bytes written so far. */
    public long bytes() {
        return counted.count;
    }

    /** Ends the stream and gives the dump its final name. */
    public Result commit() throws IOException {
        finish();
        // On disk before it gets its final name: after a power cut a dump is whole or absent, never empty.
        try (java.nio.channels.FileChannel ch =
                java.nio.channels.FileChannel.open(partial, java.nio.file.StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return new Result(target, counted.count, rawBytes, TreeIndex.hex(digest.digest()));
    }

    private void finish() throws IOException {
        if (!closed) {
            closed = true;
            try {
                zstd.close();
            } finally {
                // A failed close of the compressor (disk full) must not leak the file: it would keep the disk busy.
                counted.close();
            }
        }
    }

    /** Drops an uncommitted dump. */
    @Override
    public void close() {
        try {
            finish();
        } catch (IOException e) {
            // Closing a dump that is being thrown away; nothing to keep.
        }
        try {
            Files.deleteIfExists(partial);
        } catch (IOException e) {
            // A .partial file left behind never counts as a dump.
        }
    }

    /** A written dump. */
    public record Result(Path file, long bytes, long rawBytes, String sha256) {}

    private static final class CountingStream extends FilterOutputStream {
        private final MessageDigest digest;
        long count;

        CountingStream(OutputStream out, MessageDigest digest) {
            super(out);
            this.digest = digest;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            digest.update((byte) b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            digest.update(b, off, len);
            count += len;
        }
    }
}
