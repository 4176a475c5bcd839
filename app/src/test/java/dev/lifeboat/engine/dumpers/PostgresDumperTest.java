package dev.lifeboat.engine.dumpers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

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

    @Test
    void aLockTimeoutSaysWhatToDo() {
        String stderr = "pg_dump: error: query failed: ERROR:  canceling statement due to statement timeout\n"
                + "pg_dump: detail: Query was: LOCK TABLE public.nodes IN ACCESS SHARE MODE\n";
        assertTrue(dumper().advice(stderr).contains("pg_stat_activity"), dumper().advice(stderr));
        assertEquals("", dumper().advice("pg_dump: error: connection to server failed"));
    }
}
