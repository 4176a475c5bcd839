package dev.lifeboat.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lifeboat.testbed.Testbed;
import dev.lifeboat.testbed.Testbed.Result;
import dev.lifeboat.testbed.TestbedTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Unattended runs on a real systemd (issue 18): a Debian container of the testbed's base image with systemd as PID 1
 * (the testbed servers' capabilities, not --privileged), on the testbed's network, where the built .deb is installed. There {@code
 * lifeboat schedule add} installs a systemd SYSTEM timer as root and a USER timer for an ordinary user (a lingering
 * user manager); each timer's service is fired with {@code systemctl start} (a oneshot: it returns when the run has
 * ended), and the run leaves a complete snapshot that {@code lifeboat verify} passes, and the drill a passed drill
 * record beside it; {@code lifeboat status --json} says ok. The unit files name no secret and carry
 * {@code Persistent=true}.
 *
 * <p>Needs: the testbed up (srv-a with Papermerge), its private Docker engine able to run a container
 * with systemd as PID 1, and the package built ({@code mvn package}).
 */
@TestbedTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScheduleSystemdIT {
    private static final String USER = "alice";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Testbed testbed;
    private final Path installers = Path.of(System.getProperty("lifeboat.installers.dir", "target"));
    private final String container =
            "lifeboat-systemd-it-" + UUID.randomUUID().toString().substring(0, 8);
    private boolean started;

    ScheduleSystemdIT(Testbed testbed) {
        this.testbed = testbed;
    }

    @BeforeAll
    void aMachineWithSystemdAndThePackage() throws Exception {
        Path deb = builtPackage();
        String depends = String.join(" ", depends(deb));
        String image = image(
                "lifeboat-testbed/systemd-client",
                "FROM local/debian:bookworm\n"
                        + "RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y"
                        + " --no-install-recommends systemd systemd-sysv dbus dbus-user-session libpam-systemd "
                        + depends + " && apt-get clean && rm -rf /var/lib/apt/lists/*\n"
                        + "STOPSIGNAL SIGRTMIN+3\n"
                        + "CMD [\"/lib/systemd/systemd\"]\n");
        docker(
                        Duration.ofMinutes(1),
                        "run",
                        "-d",
                        "--rm",
                        // The testbed servers' flags: --privileged fails on this machine kind (TESTBED.md), and
                        // its cgroups are v1, which systemd 252 runs on through the host's cgroup mount.
                        "--cap-add",
                        "ALL",
                        "--cap-drop",
                        "SYS_RESOURCE",
                        "--security-opt",
                        "seccomp=unconfined",
                        "--security-opt",
                        "apparmor=unconfined",
                        "--security-opt",
                        "systempaths=unconfined",
                        "--device-cgroup-rule",
                        "a *:* rwm",
                        "-v",
                        "/sys/fs/cgroup:/sys/fs/cgroup:rw",
                        "--tmpfs",
                        "/run",
                        "--tmpfs",
                        "/run/lock",
                        "--name",
                        container,
                        "--label",
                        "dev.lifeboat.test=ScheduleSystemdIT",
                        "--network",
                        testbed.description().network().name(),
                        image)
                .orThrow();
        started = true;
        waitForSystemd();
        assertEquals("systemd", root("cat /proc/1/comm").orThrow().stdout().strip(), "systemd is PID 1");

        String inContainer = "/tmp/" + deb.getFileName();
        docker(Duration.ofMinutes(2), "cp", deb.toString(), container + ":" + inContainer)
                .orThrow();
        root("DEBIAN_FRONTEND=noninteractive apt-get install -y " + inContainer).orThrow();
        root("useradd --create-home --shell /bin/bash " + USER).orThrow();
        // Both logins know srv-a: its root key and its host keys, and a saved profile, as the window saves it.
        for (String home : List.of("/root", "/home/" + USER)) {
            String owner = home.equals("/root") ? "root" : USER;
            String profiles =
                    "[{\"name\":\"srv-a\",\"host\":\"" + testbed.server("srv-a").ip() + "\",\"port\":22,"
                            + "\"user\":\"root\",\"auth\":\"KEY_FILE\",\"keyFile\":\"" + home + "/.ssh/id_ed25519\"}]";
            root("mkdir -p " + home + "/.ssh " + home + "/.config/lifeboat && chmod 700 " + home + "/.ssh")
                    .orThrow();
            rootIn(
                            Files.readAllBytes(
                                    testbed.server("srv-a").user("root").key()),
                            "cat > " + home + "/.ssh/id_ed25519" + " && chmod 600 " + home + "/.ssh/id_ed25519")
                    .orThrow();
            rootIn(Files.readAllBytes(testbed.knownHostsFile()), "cat > " + home + "/.ssh/known_hosts")
                    .orThrow();
            rootIn(profiles.getBytes(StandardCharsets.UTF_8), "cat > " + home + "/.config/lifeboat/profiles.json")
                    .orThrow();
            root("chown -R " + owner + ": " + home).orThrow();
        }
    }

    @AfterAll
    void removeTheContainer() {
        if (started) {
            docker(Duration.ofMinutes(1), "rm", "-f", container);
        }
    }

    @Test
    @Order(1)
    void aSystemTimerAsRootBacksUpAndDrillsWhenFired() throws Exception {
        Result add = root("lifeboat schedule add srv-a --app /opt/papermerge --backup 'daily 03:00' --drill"
                + " 'weekly Sun 04:00' --scheduler systemd-system --yes");
        assertEquals(0, add.exitCode(), add.toString());
        assertTrue(add.stdout().contains("next: "), "the next runs are shown: " + add.stdout());

        String timer = root("systemctl cat lifeboat-srv-a-papermerge-backup.timer")
                .orThrow()
                .stdout();
        assertTrue(timer.contains("OnCalendar=*-*-* 03:00:00") && timer.contains("Persistent=true"), timer);
        assertTrue(root("systemctl is-enabled lifeboat-srv-a-papermerge-backup.timer lifeboat-srv-a-papermerge-drill"
                        + ".timer")
                .ok());
        assertTrue(root("systemctl list-timers --all")
                .orThrow()
                .stdout()
                .contains("lifeboat-srv-a-papermerge-drill.timer"));
        String service = root("systemctl cat lifeboat-srv-a-papermerge-backup.service")
                .orThrow()
                .stdout();
        assertTrue(
                service.contains(
                        "ExecStart=\"/usr/bin/lifeboat\" \"schedule\" \"run\" \"srv-a-papermerge\"" + " \"--backup\""),
                service);
        // The one variable is the locale (this machine names none): never a secret.
        assertEquals(
                List.of("Environment=LANG=C.UTF-8"),
                service.lines().filter(l -> l.startsWith("Environment")).toList(),
                service);

        firedLeavesAVerifiedSnapshotAndAPassedDrill("", "systemctl");
    }

    @Test
    @Order(2)
    void aUserTimerOfAnOrdinaryUserBacksUpAndDrillsWhenFired() throws Exception {
        root("loginctl enable-linger " + USER).orThrow();
        String uid = root("id -u " + USER).orThrow().stdout().strip();
        waitFor(Duration.ofSeconds(60), "the user manager of " + USER, () -> root("test -S /run/user/" + uid + "/bus")
                .ok());
        Result add = asUser("lifeboat schedule add srv-a --app /opt/papermerge --backup 'daily 03:00' --drill"
                + " 'weekly Sun 04:00' --scheduler systemd-user --yes");
        assertEquals(0, add.exitCode(), add.toString());
        assertTrue(asUser("systemctl --user is-enabled lifeboat-srv-a-papermerge-backup.timer")
                .ok());
        assertTrue(asUser("cat ~/.config/systemd/user/lifeboat-srv-a-papermerge-backup.timer")
                .orThrow()
                .stdout()
                .contains("Persistent=true"));

        firedLeavesAVerifiedSnapshotAndAPassedDrill(USER, "systemctl --user");
    }

    private void firedLeavesAVerifiedSnapshotAndAPassedDrill(String user, String systemctl) throws Exception {
        Result backup = as(user, systemctl + " start lifeboat-srv-a-papermerge-backup.service");
        assertEquals(
                0,
                backup.exitCode(),
                backup + "\n"
                        + as(
                                user,
                                "journalctl " + (user.isEmpty() ? "" : "--user ")
                                        + "-u lifeboat-srv-a-papermerge-backup -n 80 --no-pager"));
        JsonNode snaps = JSON.readTree(
                        as(user, "lifeboat snapshots --json").orThrow().stdout())
                .get("snapshots");
        assertEquals(1, snaps.size(), snaps.toString());
        String id = snaps.get(0).get("id").asText();
        Result verify = as(user, "lifeboat verify " + id);
        assertTrue(verify.ok() && verify.stdout().startsWith("OK:"), verify.toString());

        Result drill = as(user, systemctl + " start lifeboat-srv-a-papermerge-drill.service");
        assertEquals(0, drill.exitCode(), drill.toString());
        JsonNode again = JSON.readTree(
                        as(user, "lifeboat snapshots --json").orThrow().stdout())
                .get("snapshots");
        assertTrue(again.get(0).get("lastDrill").get("passed").asBoolean(), again.toString());

        JsonNode status =
                JSON.readTree(as(user, "lifeboat status --json").orThrow().stdout());
        JsonNode app = status.get("applications").get(0);
        assertEquals("ok", app.get("state").asText(), status.toString());
        assertEquals("ok", app.get("backup").get("lastRun").get("outcome").asText());
        assertTrue(app.get("drill").get("last").get("ok").asBoolean());
        assertTrue(app.get("backup").get("next").asText().contains("T03:00"), status.toString());
    }

    // ------------------------------------------------------------------ the container

    private void waitForSystemd() throws Exception {
        waitFor(Duration.ofSeconds(90), "systemd to boot", () -> {
            Result r = root("systemctl is-system-running");
            String s = r.stdout().strip();
            return s.equals("running") || s.equals("degraded");
        });
    }

    private Result as(String user, String script) {
        return user.isEmpty() ? root(script) : asUser(script);
    }

    /**
     * The admin's own shells have a UTF-8 locale, as on a desktop; the machine itself names none (no
     * /etc/default/locale), so the timers' services have only what their units set.
     */
    private Result root(String script) {
        return docker(Duration.ofMinutes(10), "exec", "-e", "LANG=C.UTF-8", container, "sh", "-c", script);
    }

    private Result rootIn(byte[] stdin, String script) {
        return testbed.docker(Duration.ofMinutes(2), stdin, "exec", "-i", container, "sh", "-c", script);
    }

    /** A login of the user with their user manager's bus, as a desktop session has. */
    private Result asUser(String script) {
        String env =
                "export LANG=C.UTF-8 XDG_RUNTIME_DIR=/run/user/$(id -u) DBUS_SESSION_BUS_ADDRESS=unix:path=/run/user/$(id -u)"
                        + "/bus; ";
        return docker(Duration.ofMinutes(10), "exec", container, "su", "--login", USER, "-c", env + script);
    }

    private Path builtPackage() throws IOException {
        try (Stream<Path> files = Files.list(installers)) {
            List<Path> debs = files.filter(f -> f.getFileName().toString().matches("lifeboat_.*\\.deb"))
                    .toList();
            if (debs.size() != 1) {
                fail("expected one lifeboat_*.deb in " + installers + " (mvn package builds it), found " + debs);
            }
            return debs.get(0);
        }
    }

    private static List<String> depends(Path deb) {
        String field = Testbed.run(
                        List.of("dpkg-deb", "-f", deb.toString(), "Depends"), null, Duration.ofMinutes(1), Map.of())
                .orThrow()
                .stdout();
        return Arrays.stream(field.split(","))
                .map(d -> d.replaceAll("\\(.*\\)", "").strip())
                .filter(d -> !d.isEmpty())
                .toList();
    }

    private String image(String repository, String dockerfile) {
        String tag = repository + ":" + sha256(dockerfile).substring(0, 12);
        if (docker(Duration.ofMinutes(1), "image", "inspect", tag).ok()) {
            return tag;
        }
        testbed.docker(
                        Duration.ofMinutes(15),
                        dockerfile.getBytes(StandardCharsets.UTF_8),
                        "build",
                        "-q",
                        "-t",
                        tag,
                        "-")
                .orThrow();
        return tag;
    }

    private Result docker(Duration timeout, String... args) {
        return testbed.docker(timeout, null, args);
    }

    interface Probe {
        boolean poll() throws Exception;
    }

    private static void waitFor(Duration timeout, String what, Probe probe) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!probe.poll()) {
            if (System.nanoTime() > deadline) {
                fail("no " + what + " after " + timeout.toSeconds() + " s");
            }
            Thread.sleep(500);
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
