/**
 * Moving file trees between a server and this machine: system rsync on both ends, carried by Lifeboat's own SSH
 * login ({@link dev.lifeboat.engine.transfer.RsyncTransfer}), with progress parsed from {@code --info=progress2}.
 */
package dev.lifeboat.engine.transfer;
