/** Immutable values the engine and both front ends share. No behaviour beyond validation and parsing. */
package dev.lifeboat.engine.model;
