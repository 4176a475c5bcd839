package dev.lifeboat.engine.stacks;

import java.util.Optional;

/** Which database engine an image runs, by the image's name (DESIGN §3: database images get their dumper). */
public final class DatabaseKinds {
    private DatabaseKinds() {}

    /** {@code mongodb}, {@code mariadb}, {@code postgresql}, {@code redis} or {@code elasticsearch}, if any. */
    public static Optional<String> of(ImageRef image) {
        String n = image.name();
        if (n.startsWith("mongo")) {
            return Optional.of("mongodb");
        }
        if (n.startsWith("mariadb") || n.startsWith("mysql")) {
            return Optional.of("mariadb");
        }
        if (n.startsWith("postgres") || n.startsWith("postgis") || n.equals("pgvector")) {
            return Optional.of("postgresql");
        }
        if (n.startsWith("redis") || n.startsWith("valkey")) {
            return Optional.of("redis");
        }
        if (n.startsWith("elasticsearch") || n.startsWith("opensearch")) {
            return Optional.of("elasticsearch");
        }
        return Optional.empty();
    }

    /** How a component of this kind is saved: databases are dumped, search indexes rebuilt, the rest copied. */
    public static String methodFor(String kind) {
        return switch (kind) {
            case "mongodb", "mariadb", "postgresql", "redis", "sqlite" -> "dump";
            default -> "copy";
        };
    }
}
