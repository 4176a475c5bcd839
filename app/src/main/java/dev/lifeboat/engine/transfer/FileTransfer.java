package dev.lifeboat.engine.transfer;

import dev.lifeboat.engine.CancelToken;
import dev.lifeboat.engine.EngineException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * Copies server trees into a local snapshot and back (DESIGN §2: file transfer sits behind one interface, since
 * Windows has no rsync and macOS's openrsync lacks options). Implementations: {@link RsyncTransfer}; test fakes.
 *
 * <p>Contract: owners, groups, modes, ACLs, xattrs and hard links of the server's files survive into the store also
 * when the local user is not root (kept as metadata of the store's files); unchanged files are hard-linked to {@code
 * linkDest}; blocking; a cancel stops the copy and throws {@link dev.lifeboat.engine.CancelledException}; progress is
 * reported from a background thread. Closing ends any connection it keeps open.
 */
public interface FileTransfer extends AutoCloseable {

    /**
     * Copies server paths (folders or files) into {@code filesDir} under their full server path
     * ({@code /opt/x} lands in {@code filesDir/opt/x}), deleting there what the server no longer has.
     *
     * @param paths absolute server paths; none inside another
     * @param excludes absolute server paths below them to leave out
     * @param linkDest the previous snapshot's {@code files/}, or null
     * @param asRoot read the server's files as root
     */
    Result pullTrees(
            List<String> paths,
            List<String> excludes,
            Path filesDir,
            Path linkDest,
            boolean asRoot,
            Consumer<TransferProgress> progress,
            CancelToken cancel)
            throws EngineException;

    /**
     * Copies only the listed server paths into {@code filesDir}, placed as {@link #pullTrees} places them: an entry
     * {@code DIR/.} is a directory whose own entries are copied (not what is below them) and in which what the
     * server no longer has is deleted; any other entry is copied as itself (a directory without its contents). The
     * list reaches the copy on its stdin, never on a command line (ADR 0015: the final delta's fast path).
     *
     * @param entries absolute server paths, each below one of the trees a {@link #pullTrees} copied
     * @param excludes absolute server paths to leave out, as for {@link #pullTrees}
     * @throws UnsupportedOperationException when {@link #canPullListed()} is false
     */
    default Result pullListed(
            List<String> entries,
            List<String> excludes,
            Path filesDir,
            Path linkDest,
            boolean asRoot,
            Consumer<TransferProgress> progress,
            CancelToken cancel)
            throws EngineException {
        throw new UnsupportedOperationException(describe() + " copies whole trees only");
    }

    /**
     * As {@link #pullTrees}, with the server's side of the copy run under {@code serverWrapper}: words that run the
     * rest of a command line (the frozen view of a btrfs snapshot, ADR 0017). Empty: as {@link #pullTrees}.
     */
    default Result pullTrees(
            List<String> paths,
            List<String> excludes,
            Path filesDir,
            Path linkDest,
            boolean asRoot,
            List<String> serverWrapper,
            Consumer<TransferProgress> progress,
            CancelToken cancel)
            throws EngineException {
        if (!serverWrapper.isEmpty()) {
            throw new UnsupportedOperationException(describe() + " cannot run the server's side under a wrapper");
        }
        return pullTrees(paths, excludes, filesDir, linkDest, asRoot, progress, cancel);
    }

    /** As {@link #pullListed}, with the server's side run under {@code serverWrapper} (see {@link #pullTrees}). */
    default Result pullListed(
            List<String> entries,
            List<String> excludes,
            Path filesDir,
            Path linkDest,
            boolean asRoot,
            List<String> serverWrapper,
            Consumer<TransferProgress> progress,
            CancelToken cancel)
            throws EngineException {
        if (!serverWrapper.isEmpty()) {
            throw new UnsupportedOperationException(describe() + " cannot run the server's side under a wrapper");
        }
        return pullListed(entries, excludes, filesDir, linkDest, asRoot, progress, cancel);
    }

    /** Whether the server's side of a pull can run under a wrapper ({@link #pullTrees} with one). */
    default boolean canWrapServer() {
        return false;
    }

    /** Whether {@link #pullListed} is implemented. */
    default boolean canPullListed() {
        return false;
    }

    /**
     * Puts trees of a snapshot back on the server: {@code filesDir/opt/x} lands in {@code destRoot/opt/x}, with the
     * owners, groups, modes, ACLs and xattrs the store keeps, deleting there what the snapshot does not hold (but never
     * below an excluded path).
     *
     * @param paths absolute server paths as the snapshot holds them; none inside another
     * @param excludes absolute paths below them to leave alone
     * @param destRoot {@code /} for the paths themselves, or a folder they are put under (a restore drill)
     * @param differences null to copy; else nothing is copied and every difference (content by checksum, metadata,
     *     missing or extra) is reported here
     */
    Result pushTrees(
            Path filesDir,
            List<String> paths,
            List<String> excludes,
            String destRoot,
            boolean asRoot,
            Consumer<String> differences,
            Consumer<TransferProgress> progress,
            CancelToken cancel)
            throws EngineException;

    /** What carries the copy, for people and the manifest (e.g. {@code rsync over the system ssh}). */
    String describe();

    /** Opens what the copies will need (a connection), so that a later copy opens nothing. */
    default void prepare() throws EngineException {}

    @Override
    default void close() {}

    /**
     * A finished copy.
     *
     * @param bytes bytes sent over the wire for the files (rsync's "Total transferred file size" of changed files)
     * @param files regular files transferred
     * @param elapsed how long it took
     */
    record Result(long bytes, long files, Duration elapsed) {}
}
