package dev.lifeboat.engine.dumpers;

import java.util.List;
import java.util.Map;

class MongoDumperTest extends DumperContractTest {
    @Override
    Dumper dumper() {
        return new MongoDumper();
    }

    @Override
    Map<String, String> env() {
        return Map.of("MONGO_INITDB_ROOT_USERNAME", "mongoadmin", "MONGO_INITDB_ROOT_PASSWORD", SECRET);
    }

    @Override
    String probeOutput() {
        return "TOOL /usr/bin/mongodump\n";
    }

    @Override
    List<String> expectedJobs() {
        return List.of("db");
    }

    @Override
    String countOutput() {
        // What mongodump writes on stderr, as the real tool does.
        return "2026-12-01T08:35:53.339+0000\twriting sharelatex.users to archive on stdout\n"
                + "2026-12-01T08:35:53.341+0000\tdone dumping sharelatex.users (3 documents)\n"
                + "2026-12-01T08:35:53.342+0000\tdone dumping sharelatex.docs (12 documents)\n";
    }

    @Override
    Map<String, Long> expectedCounts() {
        return Map.of("sharelatex.users", 3L, "sharelatex.docs", 12L);
    }
}
