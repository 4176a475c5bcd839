package dev.lifeboat.engine.service;

/**
 * The new server of a migration, logged in to by {@link RestoreService#connect}. Belongs to whoever asked for it:
 * close it when the migration pages are left. {@link #close()} may wait on the network: call it off the FX thread.
 */
public interface MigrationTarget extends AutoCloseable {

    /** Where it is, for people, e.g. {@code root@srv-b}. */
    String where();

    @Override
    void close();
}
