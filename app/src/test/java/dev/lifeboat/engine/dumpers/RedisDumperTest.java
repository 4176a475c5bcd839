package dev.lifeboat.engine.dumpers;

import java.util.List;
import java.util.Map;

class RedisDumperTest extends DumperContractTest {
    @Override
    Dumper dumper() {
        return new RedisDumper();
    }

    @Override
    Map<String, String> env() {
        return Map.of("REDIS_PASSWORD", SECRET);
    }

    @Override
    String probeOutput() {
        return "TOOL /usr/bin/redis-cli\n";
    }

    @Override
    List<String> expectedJobs() {
        return List.of("db");
    }

    @Override
    String countOutput() {
        return "# Keyspace\r\ndb0:keys=8,expires=0,avg_ttl=0\r\ndb2:keys=1,expires=0,avg_ttl=0\r\n";
    }

    @Override
    Map<String, Long> expectedCounts() {
        return Map.of("db0", 8L, "db2", 1L);
    }
}
