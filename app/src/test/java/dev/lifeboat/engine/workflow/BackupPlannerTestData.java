package dev.lifeboat.engine.workflow;

import dev.lifeboat.engine.model.Component;
import dev.lifeboat.engine.model.ComponentClass;
import dev.lifeboat.engine.model.ComposeProject;
import dev.lifeboat.engine.model.DetectedStack;
import dev.lifeboat.engine.stacks.Maintenance;
import java.util.List;
import java.util.OptionalLong;

/** A small application for the workflow's unit tests: a web service and a MariaDB, in /opt/app. */
final class BackupPlannerTestData {
    private BackupPlannerTestData() {}

    static DetectedStack stack() {
        return new DetectedStack(
                "generic-compose",
                "App",
                null,
                null,
                "/opt/app",
                List.of(
                        new Component("/opt/app/data", ComponentClass.BACKUP, "files", "copy", OptionalLong.of(10), ""),
                        new Component(
                                "/opt/app/db", ComponentClass.BACKUP, "mariadb", "dump", OptionalLong.of(100), "")),
                List.of(),
                new ComposeProject("app", "/opt/app", List.of("/opt/app/docker-compose.yml"), List.of()));
    }

    static Maintenance maintenance() {
        return new Maintenance(
                List.of("web"),
                List.of("db", "web"),
                List.of(),
                List.of(),
                new Maintenance.HealthCheck(List.of("web"), 80, "/", 5),
                false,
                List.of(),
                List.of(),
                null);
    }
}
