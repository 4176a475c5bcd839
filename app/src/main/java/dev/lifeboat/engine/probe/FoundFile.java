package dev.lifeboat.engine.probe;

/**
 * A regular file found by {@link Probe#survey}.
 *
 * @param path absolute server path
 * @param ownerUid numeric owner, or -1 when unknown
 * @param sizeBytes size in bytes
 */
public record FoundFile(String path, int ownerUid, long sizeBytes) {}
