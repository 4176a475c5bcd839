/**
 * The Docker engine of a server, reached through the SSH session ({@link dev.lifeboat.engine.docker.RemoteDocker}):
 * docker-java talks to a private local unix socket whose connections are carried to the server's
 * {@code /var/run/docker.sock} by SSH channels ({@link dev.lifeboat.engine.docker.DockerSocketBridge}).
 */
package dev.lifeboat.engine.docker;
