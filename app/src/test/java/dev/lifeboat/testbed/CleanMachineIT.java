package dev.lifeboat.testbed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The README's promise that a fresh machine needs nothing but the clone: a clean Debian 12 container (the testbed's
 * minbase image: no JDK, no Maven, no rsync, no openssh-client) gets a copy of this checkout (its tracked and new
 * files, as a clone would have them) and {@code ../shared} beside it, and runs {@code scripts/test-all --unit}: the
 * install step of scripts/lib.sh's one package list, the build and the whole unit tier (unit, contract, architecture
 * and headless GUI tests). A package missing from the list fails it, as it failed a newcomer once (issue 24).
 *
 * <p>This is where the unit tier runs under {@code scripts/test-all} (which skips it on the host). Maven artifacts
 * come from this machine's local repository, given read-only as a file mirror: they are not installed by the scripts
 * on any machine (Maven downloads them), and copying them spares minutes of downloads; Debian's packages come from the
 * Debian mirror, as on a fresh machine.
 *
 * <p>It runs beside the other integration tests, from the start of the run: it touches neither server, and its build
 * takes the core that they leave idle while they wait for the servers.
 */
@TestbedTest
@Execution(ExecutionMode.CONCURRENT) // beside the other integration tests: it uses no server (app/pom.xml, failsafe)
class CleanMachineIT {
    private final Testbed testbed;

    CleanMachineIT(Testbed testbed) {
        this.testbed = testbed;
    }

    @Test
    @Timeout(value = 45, unit = TimeUnit.MINUTES) // the whole unit tier runs in here
    void aCleanDebianMachineInstallsBuildsAndPassesTheUnitTierFromTheClonesOwnTestCommand() throws Exception {
        Path checkout = Path.of("..").toAbsolutePath().normalize();
        assertTrue(Files.isRegularFile(checkout.resolve("scripts/test-all")), "run from the app module: " + checkout);
        Path shared = checkout.getParent().resolve("shared");
        Path m2 = Path.of(System.getProperty("user.home"), ".m2", "repository");
        Path tar = Files.createTempFile("lifeboat-clean-machine", ".tar");
        String name = "lifeboat-clean-machine-" + UUID.randomUUID().toString().substring(0, 8);
        boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
        try {
            // What a clone holds: tracked files and new ones not ignored (the working tree's versions).
            run(checkout, 600, "sh", "-c", "git ls-files -z -co --exclude-standard | tar --null -T - -cf " + tar);
            List<String> runArgs = new ArrayList<>(List.of(
                    docker(),
                    "run",
                    "-d",
                    "--name",
                    name,
                    "--label",
                    "dev.lifeboat.test=CleanMachineIT",
                    // A small CPU weight: it takes what the servers leave idle and never slows the integration tests
                    // beside it, which are the test command's critical path (it needs 7 of their 35 minutes).
                    "--cpu-shares",
                    "128",
                    // UnusableStoreTest mounts a read-only bind and a full tmpfs: mount rights, nothing more.
                    "--cap-add",
                    "SYS_ADMIN",
                    "--security-opt",
                    "apparmor=unconfined",
                    "--security-opt",
                    "seccomp=unconfined",
                    "-v",
                    m2 + ":/m2-mirror:ro",
                    "-e",
                    "CI=" + (ci ? "true" : "")));
            if (Files.isDirectory(shared)) {
                runArgs.addAll(List.of("-v", shared + ":/work/shared:ro"));
            }
            runArgs.addAll(List.of("local/debian:bookworm", "sleep", "3600"));
            run(checkout, 120, runArgs.toArray(String[]::new));
            assertFalse(
                    run(checkout, 60, docker(), "exec", name, "sh", "-c", "command -v java || command -v rsync")
                            .ok(),
                    "the clean machine has neither Java nor rsync");
            run(checkout, 300, docker(), "cp", tar.toString(), name + ":/work.tar")
                    .orThrow();
            String settings = "<settings><mirrors><mirror><id>local</id><mirrorOf>*</mirrorOf>"
                    + "<url>file:///m2-mirror</url></mirror></mirrors></settings>";
            String script = "set -e; mkdir -p /work/main /root/.m2 && tar -xf /work.tar -C /work/main;"
                    + " printf '%s' '" + settings + "' > /root/.m2/settings.xml; cd /work/main;"
                    + " ./scripts/test-all --unit";
            long t0 = System.nanoTime();
            Result r = run(checkout, 2400, docker(), "exec", name, "bash", "-c", script);
            long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
            System.out.printf(
                    Locale.ROOT,
                    "CleanMachineIT: install, build and unit tier in a clean Debian 12 in %d s%n",
                    seconds);
            String out = r.out();
            assertEquals(0, r.exit(), "scripts/test-all --unit failed on a clean machine:\n" + tail(out));
            assertTrue(out.contains("==> installing"), "the install step ran: " + tail(out));
            Matcher tests = Pattern.compile(
                            "Tests run: (\\d+), Failures: 0, Errors: 0, Skipped: (\\d+)\\s*$", Pattern.MULTILINE)
                    .matcher(out);
            int last = -1;
            int skipped = -1;
            while (tests.find()) {
                last = Integer.parseInt(tests.group(1));
                skipped = Integer.parseInt(tests.group(2));
            }
            assertTrue(last > 400, "the whole unit tier ran: " + tail(out));
            if (ci) {
                assertEquals(0, skipped, "nothing skips in CI: " + tail(out));
            }
        } finally {
            run(checkout, 120, docker(), "rm", "-f", name);
            Files.deleteIfExists(tar);
        }
    }

    private String docker() {
        return Files.isExecutable(Path.of("/usr/bin/docker")) ? "/usr/bin/docker" : "docker";
    }

    private record Result(int exit, String out) {
        boolean ok() {
            return exit == 0;
        }

        Result orThrow() {
            if (exit != 0) {
                throw new IllegalStateException("exit " + exit + ": " + tail(out));
            }
            return this;
        }
    }

    private Result run(Path dir, long timeoutSeconds, String... argv) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("DOCKER_HOST", testbed.dockerHost());
        Process p = pb.start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> {
            try (InputStream in = p.getInputStream()) {
                in.transferTo(out);
            } catch (IOException e) {
                // The process is gone.
            }
        });
        reader.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            reader.join(5000);
            throw new IllegalStateException("timed out after " + timeoutSeconds + " s: " + String.join(" ", argv) + "\n"
                    + tail(out.toString(StandardCharsets.UTF_8)));
        }
        reader.join(5000);
        return new Result(p.exitValue(), out.toString(StandardCharsets.UTF_8));
    }

    private static String tail(String s) {
        String[] lines = s.split("\n");
        return String.join("\n", java.util.Arrays.asList(lines).subList(Math.max(0, lines.length - 60), lines.length));
    }
}
