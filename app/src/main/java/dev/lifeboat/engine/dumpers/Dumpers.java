package dev.lifeboat.engine.dumpers;

import java.util.List;
import java.util.Optional;

/** The one list of dumpers (conventions rule 3): adding a database engine is one class and one line here. */
public final class Dumpers {
    private Dumpers() {}

    public static List<Dumper> all() {
        return List.of(
                new MariaDbDumper(),
                new PostgresDumper(),
                new MongoDumper(),
                new RedisDumper(),
                new SqliteDumper(),
                new SearchDumper());
    }

    /** The dumper for a component kind ({@code mysql} is served by the MariaDB dumper). */
    public static Optional<Dumper> forKind(String kind) {
        String k = kind.equals("mysql")
                ? "mariadb"
                : kind.equals("postgis") ? "postgresql" : kind.equals("opensearch") ? "elasticsearch" : kind;
        return all().stream().filter(d -> d.kind().equals(k)).findFirst();
    }
}
