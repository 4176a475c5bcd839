package dev.lifeboat.engine.docker;

import java.util.Map;

/**
 * One event of the engine's event stream.
 *
 * @param type e.g. {@code container}
 * @param action e.g. {@code start}, {@code die}
 * @param id the object's id
 * @param attributes the actor's attributes (name, image, labels)
 * @param epochSeconds when it happened
 */
public record DockerEvent(String type, String action, String id, Map<String, String> attributes, long epochSeconds) {}
