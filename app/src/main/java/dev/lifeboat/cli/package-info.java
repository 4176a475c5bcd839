/**
 * The command-line front end (picocli). Parses arguments, calls the engine, prints text or JSON lines and maps
 * outcomes to the exit codes of DESIGN §4. The only package that writes to standard output.
 */
package dev.lifeboat.cli;
