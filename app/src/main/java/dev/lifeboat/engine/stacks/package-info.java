/**
 * The stack catalogue and detection. One {@link dev.lifeboat.engine.stacks.Stack} per application, most of it data
 * (a YAML {@link dev.lifeboat.engine.stacks.StackDescriptor} in {@code dev/lifeboat/stacks/*.yml}) with small Java
 * hooks where data is not enough; {@link dev.lifeboat.engine.stacks.StackRegistry} is the one list of them;
 * {@link dev.lifeboat.engine.stacks.Detector} is the one code path from a {@link dev.lifeboat.engine.probe.Probe} to
 * the detected stacks.
 */
package dev.lifeboat.engine.stacks;
