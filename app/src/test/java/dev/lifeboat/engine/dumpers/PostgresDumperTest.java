package dev.lifeboat.engine.dumpers;

import java.util.List;
import java.util.Map;

class PostgresDumperTest extends DumperContractTest {
    @Override
    Dumper dumper() {
        return new PostgresDumper();
    }

    @Override
    Map<String, String> env() {
        return Map.of("POSTGRES_USER", "docker", "POSTGRES_PASSWORD", SECRET);
    }

    @Override
    String probeOutput() {
        return "TOOL /usr/bin/pg_dump\nDB docker\nDB postgres\n";
    }

    @Override
    List<String> expectedJobs() {
        return List.of("db-globals", "db-docker", "db-postgres");
    }

    @Override
    String countOutput() {
        return "LIFEBOAT-COUNT-SNAPSHOT\npublic.nodes\t5\npublic.users\t1\n";
    }

    @Override
    Map<String, Long> expectedCounts() {
        return Map.of("postgres.public.nodes", 5L, "postgres.public.users", 1L);
    }
}
