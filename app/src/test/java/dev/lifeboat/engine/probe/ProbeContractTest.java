package dev.lifeboat.engine.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract of {@link Probe}; every implementation has a subclass that runs it (conventions: one shared suite). */
abstract class ProbeContractTest {
    @TempDir
    Path root;

    /** The probe under test, over {@code root} standing for the server's {@code /}. */
    abstract Probe probe(Path root);

    private Probe probe;

    @BeforeEach
    void createTree() throws IOException {
        write("opt/app/docker-compose.yml", "services: {}\n");
        write("opt/app/.env", "A=1\n");
        write("opt/app/data/big.bin", "x".repeat(1000));
        write("opt/app/data/sub/.keep", "");
        write("opt/app/empty/.keep", "");
        write("opt/app/empty/deeper/.keep", "");
        write("opt/app/.git/config.yml", "ignored: true\n");
        write("opt/a/b/c/d/e/f/too-deep.yml", "x: 1\n");
        write("home/ann/notes.txt", "not matched\n");
        // A link back up the tree (to /opt): followed, but a folder already searched is not searched again.
        Files.createSymbolicLink(root.resolve("opt/app/loop"), Path.of(".."));
        probe = probe(root);
    }

    private void write(String rel, String text) throws IOException {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    @Test
    void surveyListsMatchingFilesWithinTheDepthOnceEachWithoutEnteringGit() throws Exception {
        Survey s = probe.survey(List.of("/opt", "/home", "/missing"), 4, List.of("*.yml", ".env"));
        Set<String> paths = s.files().stream().map(FoundFile::path).collect(Collectors.toSet());
        assertEquals(Set.of("/opt/app/docker-compose.yml", "/opt/app/.env"), paths);
        assertTrue(s.files().stream().allMatch(f -> f.sizeBytes() > 0));
    }

    @Test
    void readFilesReturnsTextsAndSaysWhatIsMissingOrNotAFile() throws Exception {
        Map<String, FileText> r = probe.readFiles(List.of("/opt/app/.env", "/opt/app/nope", "/opt/app/data"));
        assertEquals(3, r.size());
        assertTrue(r.get("/opt/app/.env").ok());
        assertEquals("A=1\n", r.get("/opt/app/.env").text());
        assertFalse(r.get("/opt/app/.env").truncated());
        assertEquals(FileText.Status.MISSING, r.get("/opt/app/nope").status());
        assertEquals(FileText.Status.UNREADABLE, r.get("/opt/app/data").status());
    }

    @Test
    void readFilesCutsLongFiles() throws Exception {
        write("opt/app/huge.yml", "y".repeat(Probe.MAX_FILE_BYTES + 10));
        FileText t = probe.readFiles(List.of("/opt/app/huge.yml")).get("/opt/app/huge.yml");
        assertTrue(t.truncated());
        assertEquals(Probe.MAX_FILE_BYTES, t.text().length());
    }

    @Test
    void statMeasuresFoldersAndTreatsKeepOnlyFoldersAsEmpty() throws Exception {
        Map<String, PathStats> s = probe.stat(List.of("/opt/app/data", "/opt/app/empty", "/opt/app/.env", "/nope"));
        assertEquals(PathStats.Type.DIRECTORY, s.get("/opt/app/data").type());
        assertEquals(1000L, s.get("/opt/app/data").sizeBytes().getAsLong());
        assertFalse(s.get("/opt/app/data").empty());
        assertTrue(s.get("/opt/app/empty").empty());
        assertEquals(0L, s.get("/opt/app/empty").sizeBytes().getAsLong());
        assertEquals(PathStats.Type.FILE, s.get("/opt/app/.env").type());
        assertEquals(4L, s.get("/opt/app/.env").sizeBytes().getAsLong());
        assertFalse(s.get("/nope").exists());
    }

    @Test
    void aSymbolicLinkIsReportedAsOtherAndNotMeasuredThroughIt() throws Exception {
        PathStats s = probe.stat(List.of("/opt/app/loop")).get("/opt/app/loop");
        assertEquals(PathStats.Type.OTHER, s.type());
    }

    @Test
    void aRootEndingInStarStandsForEveryFolderInsideButTheSystemsOwnAndHiddenOnes() throws Exception {
        write("data2/pm/docker-compose.yml", "services: {}\n");
        write("volume1/docker/wiki/compose.yaml", "services: {}\n");
        write("var/www/site/docker-compose.yml", "services: {}\n");
        write("var/opt/app/docker-compose.yml", "services: {}\n");
        write("usr/local/app/docker-compose.yml", "services: {}\n");
        // The system's own, a hidden file-system snapshot, and a plain file: never searched.
        write("usr/share/doc/docker-compose.yml", "services: {}\n");
        write("etc/app/docker-compose.yml", "services: {}\n");
        write("proc/1/docker-compose.yml", "services: {}\n");
        write("var/lib/app/docker-compose.yml", "services: {}\n");
        write("var/log/app/docker-compose.yml", "services: {}\n");
        write(".snapshots/1/snapshot/opt/app/docker-compose.yml", "services: {}\n");
        write("swap.img", "x");
        Survey s = probe(root).survey(List.of("/*", "/var/*", "/usr/local"), 4, List.of("*.yml", "*.yaml"));
        Set<String> paths = s.files().stream().map(FoundFile::path).collect(Collectors.toSet());
        assertEquals(
                Set.of(
                        "/data2/pm/docker-compose.yml",
                        "/volume1/docker/wiki/compose.yaml",
                        "/var/www/site/docker-compose.yml",
                        "/var/opt/app/docker-compose.yml",
                        "/usr/local/app/docker-compose.yml",
                        "/opt/app/docker-compose.yml"),
                paths);
        assertEquals(
                List.of("/data2", "/home", "/opt", "/volume1", "/var/opt", "/var/www", "/usr/local"), s.searched());
    }

    @Test
    void readListsTheNamesDirectlyInsideEachFolderAsked() throws Exception {
        write("opt/app/config/app.toml", "x = 1\n");
        write("opt/app/backup.sh", "#!/bin/sh\n");
        write("opt/many/placeholder", "");
        for (int i = 0; i < ProbeLimits.MAX_LISTED_NAMES + 5; i++) {
            write("opt/many/f" + i, "");
        }
        Reading r =
                probe.read(List.of("/opt/app/.env"), List.of("/opt/app", "/opt/nope", "/opt/app/.env", "/opt/many"));
        assertEquals("A=1\n", r.files().get("/opt/app/.env").text());
        FolderListing app = r.folders().get("/opt/app");
        assertTrue(app.ok());
        assertEquals(
                List.of(".env", ".git", "backup.sh", "config", "data", "docker-compose.yml", "empty", "loop"),
                app.names());
        assertFalse(app.more());
        assertEquals(FileText.Status.MISSING, r.folders().get("/opt/nope").status());
        assertEquals(
                FileText.Status.UNREADABLE, r.folders().get("/opt/app/.env").status());
        FolderListing many = r.folders().get("/opt/many");
        assertTrue(many.ok());
        assertTrue(many.more(), "more names than a listing holds");
        assertEquals(ProbeLimits.MAX_LISTED_NAMES, many.names().size());
    }
}
