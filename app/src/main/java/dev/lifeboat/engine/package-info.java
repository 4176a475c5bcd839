/**
 * The engine: everything Lifeboat knows and does, without a user interface.
 *
 * <p>Rules (held by {@code ArchitectureTest}): no JavaFX, ControlsFX or AWT; never prints to {@code System.out} or
 * {@code System.err}; calls block on the caller's thread and honour cancellation; progress and log lines leave only
 * through a progress listener. Both front ends ({@code cli} and {@code ui}) call into this package and nothing here
 * calls back into them.
 */
package dev.lifeboat.engine;
