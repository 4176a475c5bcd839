/**
 * The Docker engine of a server, reached one way ({@link dev.lifeboat.engine.docker.Docker}): its {@code docker}
 * command, run through the server's remote shell like every other command, each operation a {@code CommandSpec} value
 * (ADR 0011). Compose is a command too.
 */
package dev.lifeboat.engine.docker;
