/**
 * The way into a server: commands as values ({@link dev.lifeboat.engine.remote.CommandSpec}), SSH sessions, host
 * keys, ssh config and sudo. Quoting and execution happen here and nowhere else.
 */
package dev.lifeboat.engine.remote;
