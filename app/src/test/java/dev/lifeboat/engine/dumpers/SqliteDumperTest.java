package dev.lifeboat.engine.dumpers;

import dev.lifeboat.engine.docker.ContainerState;
import java.util.List;
import java.util.Map;
import java.util.Optional;

class SqliteDumperTest extends DumperContractTest {
    @Override
    Dumper dumper() {
        return new SqliteDumper();
    }

    @Override
    Map<String, String> env() {
        return Map.of("APP_SECRET", SECRET);
    }

    @Override
    String dataPath() {
        return "/srv/app/data/app.db";
    }

    @Override
    ContainerState container() {
        return new ContainerState(
                "0123456789abcdef",
                "db_1",
                "proj",
                "db",
                "image:1",
                "running",
                "",
                List.of(),
                List.of(new ContainerState.Mount("/srv/app/data", "/data", null, true)),
                env(),
                Optional.empty(),
                List.of());
    }

    @Override
    String probeOutput() {
        return "TOOL sqlite3\nDB /data/app.db\n";
    }

    @Override
    List<String> expectedJobs() {
        return List.of("db-app.db");
    }

    @Override
    String countOutput() {
        return "notes\t7\nusers\t2\n";
    }

    @Override
    Map<String, Long> expectedCounts() {
        return Map.of("notes", 7L, "users", 2L);
    }
}
