/**
 * Read-only looks at a server's files and containers, batched so that live detection costs a few SSH round trips.
 * {@link dev.lifeboat.engine.probe.Probe} is the contract; {@link dev.lifeboat.engine.probe.FsProbe} reads a local
 * folder that stands for the server's {@code /}, {@link dev.lifeboat.engine.probe.ShellProbe} sends one shell script
 * per call through a {@link dev.lifeboat.engine.remote.RemoteShell}.
 */
package dev.lifeboat.engine.probe;
