package dev.lifeboat.engine.stacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.probe.FsProbe;
import dev.lifeboat.engine.probe.ShellProbe;
import dev.lifeboat.engine.remote.LocalShell;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Odd servers give clear messages and partial answers, never a crash or a hang. */
class RobustnessTest {
    @TempDir
    Path root;

    @Test
    void malformedComposeYamlIsReportedWithItsLineAndDetectionGoesOn() throws Exception {
        Trees t = new Trees(root)
                .file("/srv/bad/docker-compose.yml", "services:\n  app:\n    image: [unclosed\n")
                .file("/srv/good/docker-compose.yml", "services:\n  app:\n    image: x/y:1\n");
        Detection d = t.detect();
        assertEquals(1, d.stacks().size());
        assertTrue(
                d.problems().stream()
                        .anyMatch(
                                p -> p.contains("/srv/bad/docker-compose.yml is not valid YAML") && p.contains("line")),
                d.problems().toString());
    }

    @Test
    void aYamlAliasBombIsRefused() throws Exception {
        // Each level holds four copies of the one before: 80 levels would be 4^80 nodes if expanded.
        StringBuilder bomb = new StringBuilder("x-a0: &a0 [x,x,x,x,x,x,x,x,x]\n");
        for (int i = 1; i <= 80; i++) {
            String prev = "*a" + (i - 1);
            bomb.append("x-a")
                    .append(i)
                    .append(": &a")
                    .append(i)
                    .append(" [")
                    .append(prev)
                    .append(',')
                    .append(prev)
                    .append(',')
                    .append(prev)
                    .append(',')
                    .append(prev)
                    .append("]\n");
        }
        Trees t = new Trees(root).file("/srv/bomb/docker-compose.yml", bomb + "services: {}\n");
        Detection d = assertTimeoutPreemptively(Duration.ofSeconds(10), t::detect);
        assertTrue(
                d.problems().stream().anyMatch(p -> p.contains("not valid YAML")),
                d.problems().toString());
    }

    @Test
    void symlinkLoopsDoNotTrapEitherProbe() throws Exception {
        new Trees(root)
                .file("/srv/app/docker-compose.yml", "services:\n  a:\n    image: x/y\n    volumes: ['./d:/d']\n");
        Files.createDirectories(root.resolve("srv/app/d"));
        Files.createSymbolicLink(root.resolve("srv/app/d/loop"), root.resolve("srv/app"));
        Files.createSymbolicLink(root.resolve("srv/self"), root.resolve("srv"));
        Detection viaFiles = assertTimeoutPreemptively(
                Duration.ofSeconds(20), () -> Detector.withBuiltInStacks().detect(new FsProbe(root)));
        Detection viaShell = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> Detector.withBuiltInStacks()
                .detect(new ShellProbe(new LocalShell(), root.toString())));
        assertEquals(1, viaFiles.stacks().size());
        assertEquals(viaFiles.stacks(), viaShell.stacks());
    }

    @Test
    void unreadableFoldersAreProblemsNotFailures() throws Exception {
        new Trees(root)
                .file("/srv/app/docker-compose.yml", "services:\n  a:\n    image: x/y\n")
                .file("/srv/secret/docker-compose.yml", "services: {}\n");
        Path secret = root.resolve("srv/secret");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("---------"));
        boolean asRoot = "root".equals(System.getProperty("user.name"));
        try {
            List<Detection> detections = new ArrayList<>();
            if (asRoot) {
                // Root reads everything, and CI runs as root: look as the unprivileged user nobody instead.
                Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
                detections.add(Detector.withBuiltInStacks()
                        .detect(new ShellProbe(LocalShell.asUser("nobody"), root.toString())));
            } else {
                detections.add(Detector.withBuiltInStacks().detect(new FsProbe(root)));
                detections.add(Detector.withBuiltInStacks().detect(new ShellProbe(new LocalShell(), root.toString())));
            }
            for (Detection d : detections) {
                assertEquals(1, d.stacks().size(), d.stacks().toString());
                assertTrue(
                        d.problems().stream()
                                .anyMatch(p -> p.contains("/srv/secret") && p.contains("permission denied")),
                        d.problems().toString());
            }
        } finally {
            Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Test
    void aVeryDeepTreeIsSearchedOnlyToTheDepthLimit() throws Exception {
        StringBuilder deep = new StringBuilder("/srv");
        for (int i = 0; i < 40; i++) {
            deep.append("/d").append(i);
        }
        new Trees(root).file(deep + "/docker-compose.yml", "services:\n  a:\n    image: x/y\n");
        Detection d = Detector.withBuiltInStacks().detect(new FsProbe(root));
        assertTrue(d.stacks().isEmpty());
    }

    @Test
    void aDescriptorWithAnUnknownFieldSaysWhichFieldAndLine() {
        EngineException e = assertThrows(
                EngineException.class,
                () -> DescriptorLoader.parse("id: x\nfingerprint:\n  - {file: a, weight: 1}\n", "mine.yml"));
        assertTrue(e.getMessage().contains("unknown field 'fingerprint'"), e.getMessage());
        assertTrue(e.getMessage().contains("mine.yml"), e.getMessage());
        assertTrue(e.getMessage().contains("(line "), e.getMessage());
    }

    @Test
    void brokenUserDescriptorsAreSkippedWithAMessage() throws Exception {
        Path stacks = Files.createDirectories(root.resolve("stacks"));
        Files.writeString(stacks.resolve("broken.yml"), "id: [\n");
        Files.writeString(
                stacks.resolve("wiki.yml"),
                "id: wiki\nname: Wiki\nfingerprints:\n"
                        + "  - {image: [example/wiki], weight: 60}\ncomponents:\n"
                        + "  - {containerPath: [/app/uploads], kind: files, class: backup}\n");
        List<String> problems = new ArrayList<>();
        List<Stack> all = StackRegistry.withUserDescriptors(stacks, problems);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(all.stream().anyMatch(s -> s.id().equals("wiki")));
    }

    /** A descriptor whose version regex does not compile is refused at load, naming its file; the rest are used. */
    @Test
    void aDescriptorWithABadRegexIsRefusedNamingItsFile() throws Exception {
        Path stacks = Files.createDirectories(root.resolve("stacks-regex"));
        Files.writeString(
                stacks.resolve("badregex.yml"),
                "id: badregex\nname: Bad\nfingerprints:\n  - {image: [example/bad], weight: 60}\n"
                        + "version:\n  - {image: [example/bad], regex: '(unclosed'}\ncomponents: []\n");
        Files.writeString(
                stacks.resolve("wiki.yml"),
                "id: wiki\nname: Wiki\nfingerprints:\n"
                        + "  - {image: [example/wiki], weight: 60}\ncomponents:\n"
                        + "  - {containerPath: [/app/uploads], kind: files, class: backup}\n");
        List<String> problems = new ArrayList<>();
        List<Stack> all = StackRegistry.withUserDescriptors(stacks, problems);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("badregex.yml") && problems.get(0).contains("(unclosed"), problems.get(0));
        assertTrue(all.stream().noneMatch(x -> x.id().equals("badregex")));
        assertTrue(all.stream().anyMatch(x -> x.id().equals("wiki")), "the others are still used");
    }

    /** A user descriptor cannot replace a shipped stack by taking its id: refused, naming its file. */
    @Test
    void aDescriptorWithABuiltInIdIsRefusedAndTheShippedStackKept() throws Exception {
        Path stacks = Files.createDirectories(root.resolve("stacks-id"));
        Files.writeString(
                stacks.resolve("my-overleaf.yml"),
                "id: overleaf\nname: Not Overleaf\nfingerprints:\n  - {image: [example/fake], weight: 60}\n"
                        + "components: []\n");
        List<String> problems = new ArrayList<>();
        List<Stack> all = StackRegistry.withUserDescriptors(stacks, problems);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(
                problems.get(0).contains("my-overleaf.yml") && problems.get(0).contains("built-in"), problems.get(0));
        List<Stack> overleaf =
                all.stream().filter(x -> x.id().equals("overleaf")).toList();
        assertEquals(1, overleaf.size());
        assertEquals(
                StackRegistry.builtIn().stream()
                        .filter(x -> x.id().equals("overleaf"))
                        .findFirst()
                        .orElseThrow()
                        .getClass(),
                overleaf.get(0).getClass(),
                "the shipped Overleaf stays");
    }
}
