package dev.lifeboat.engine.dumpers;

import java.util.List;
import java.util.Map;

class MariaDbDumperTest extends DumperContractTest {
    @Override
    Dumper dumper() {
        return new MariaDbDumper();
    }

    @Override
    Map<String, String> env() {
        return Map.of("MYSQL_ROOT_PASSWORD", SECRET);
    }

    @Override
    String probeOutput() {
        return "TOOL /usr/bin/mariadb-dump\nDB ccnet_db\nDB information_schema\nDB mysql\nDB dtable_db\n";
    }

    @Override
    List<String> expectedJobs() {
        return List.of("db-ccnet_db", "db-dtable_db");
    }

    @Override
    String countOutput() {
        return "LIFEBOAT-COUNT-SNAPSHOT\ndtables\t12\nusers\t3\n";
    }

    @Override
    Map<String, Long> expectedCounts() {
        return Map.of("dtable_db.dtables", 12L, "dtable_db.users", 3L);
    }
}
