package dev.lifeboat.engine.probe;

/**
 * A regular file found by {@link Probe#survey}.
 *
 * @param path absolute server path (through the links the search followed)
 * @param ownerUid numeric owner, or -1 when unknown
 * @param sizeBytes size in bytes
 * @param fileKey what identifies the file itself on the server (device and inode), so that one file reached along two
 *     paths (a folder and a link to it) can be told; empty when unknown
 */
public record FoundFile(String path, int ownerUid, long sizeBytes, String fileKey) {
    public FoundFile {
        fileKey = fileKey == null ? "" : fileKey;
    }

    /** A found file whose identity is unknown. */
    public FoundFile(String path, int ownerUid, long sizeBytes) {
        this(path, ownerUid, sizeBytes, "");
    }
}
