package dev.lifeboat.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.lifeboat.testbed.Testbed;
import dev.lifeboat.testbed.Testbed.Result;
import dev.lifeboat.testbed.TestbedTest;
import dev.lifeboat.ui.LifeboatApp;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The built Debian package, installed as an admin would install it: into a clean Debian container made from the
 * testbed's base image ({@code local/debian:bookworm}), on the testbed's network so that it reaches {@code srv-a}.
 * There, as a non-root user, {@code lifeboat} on the PATH runs the command line ({@code --version}, {@code detect}
 * against {@code srv-a}), the desktop entry opens the wizard under Xvfb on the Connect page (a screenshot read back
 * by OCR), and purging the package leaves the user's profiles, snapshots and logs alone.
 *
 * <p>The container holds only the base image, the packages the .deb declares in its Depends (installed in an image
 * layer that is cached by that list) and Xvfb with x11-utils to look at the window. No Java: the package brings its
 * own runtime. The package itself is installed afresh in every run with {@code apt-get install ./lifeboat_....deb}
 * (offline: the container's network is the testbed's, which has no way out). The screenshot is read by Tesseract in
 * a separate tool container, so that OCR's libraries cannot stand in for a dependency the package forgot.
 */
@TestbedTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DebPackageIT {
    private static final String USER = "alice";
    private static final String DESKTOP_ENTRY = "/usr/share/applications/lifeboat.desktop";
    private static final String DISPLAY = ":7";
    private static final String FRAME_BUFFER_DIR = "/tmp/lifeboat-it-fb";
    /** What srv-a runs (testbed/deploy): the heading of each application in {@code lifeboat detect}'s table. */
    private static final List<String> SRV_A_STACKS = List.of(
            "Nuxeo 2025",
            "Overleaf ce 6.2.2",
            "Overleaf ce, version unknown",
            "Cytomine ce CE2025.1",
            "Papermerge 3.6.0a16",
            "SeaTable enterprise 6.1.8");
    /** The user's files: profiles, snapshots, logs (DESIGN; the README's Install section). */
    private static final List<String> USER_DIRS = List.of(".config/lifeboat", "Lifeboat", ".local/state/lifeboat");

    private final Testbed testbed;
    private final String version = System.getProperty("lifeboat.version", "");
    private final Path installers = Path.of(System.getProperty("lifeboat.installers.dir", "target"));
    private final String container =
            "lifeboat-deb-it-" + UUID.randomUUID().toString().substring(0, 8);
    private Path deb;
    private String ocrImage;

    DebPackageIT(Testbed testbed) {
        this.testbed = testbed;
    }

    @BeforeAll
    void installThePackageIntoACleanDebianContainer() throws Exception {
        long start = System.nanoTime();
        deb = builtPackage();
        List<String> depends = depends(deb);
        String packages = String.join(" ", depends) + " xvfb x11-utils";
        CompletableFuture<String> client = CompletableFuture.supplyAsync(() -> image(
                "lifeboat-testbed/deb-client",
                "FROM local/debian:bookworm\n"
                        + "RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y"
                        + " --no-install-recommends " + packages
                        + " && apt-get clean && rm -rf /var/lib/apt/lists/*\n"));
        CompletableFuture<String> ocr = CompletableFuture.supplyAsync(() -> image(
                "lifeboat-testbed/ocr",
                "FROM local/debian:bookworm\n"
                        + "RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y"
                        + " --no-install-recommends tesseract-ocr tesseract-ocr-eng"
                        + " && apt-get clean && rm -rf /var/lib/apt/lists/*\n"));
        String clientImage = client.join();
        ocrImage = ocr.join();
        log("images ready in %d s (%s, %s)", seconds(start), clientImage, ocrImage);

        // A bounded life (--rm, 30 min): a container left behind by a killed JVM goes away by itself.
        docker(
                        Duration.ofMinutes(1),
                        "run",
                        "-d",
                        "--rm",
                        "--name",
                        container,
                        "--label",
                        "dev.lifeboat.test=DebPackageIT",
                        "--network",
                        testbed.description().network().name(),
                        clientImage,
                        "sleep",
                        "1800")
                .orThrow();
        assertFalse(root("command -v java").ok(), "the clean system has no Java of its own");

        String inContainer = "/tmp/" + deb.getFileName();
        docker(Duration.ofMinutes(2), "cp", deb.toString(), container + ":" + inContainer)
                .orThrow();
        Result install = root("DEBIAN_FRONTEND=noninteractive apt-get install -y " + inContainer);
        assertTrue(install.ok(), "apt-get installs the package with what it declares:\n" + install);
        root("useradd --create-home --shell /bin/bash " + USER).orThrow();
        log("installed %s in %d s", deb.getFileName(), seconds(start));
    }

    @AfterAll
    void removeTheContainer() {
        if (deb != null) {
            docker(Duration.ofMinutes(1), "rm", "-f", container);
        }
    }

    @Test
    @Order(1)
    void isInstalledWithItsLauncherOnThePathAndADesktopEntry() {
        assertEquals(
                "install ok installed",
                root("dpkg-query -W -f='${Status}' lifeboat").orThrow().stdout());
        assertEquals(
                "lifeboat: /usr/bin/lifeboat",
                root("dpkg -S /usr/bin/lifeboat").orThrow().stdout().strip(),
                "the launcher on the PATH belongs to the package");

        Map<String, String> entry = desktopEntry();
        assertEquals("Application", entry.get("Type"), entry.toString());
        assertEquals("Lifeboat", entry.get("Name"), entry.toString());
        assertEquals("/usr/bin/lifeboat", entry.get("Exec"), "no arguments: the window");
        assertEquals("false", entry.get("Terminal"), entry.toString());
        assertTrue(
                root("test -s '" + entry.get("Icon") + "' && head -c 4 '" + entry.get("Icon") + "' | grep -q PNG")
                        .ok(),
                "the icon is there, a PNG: " + entry.get("Icon"));
    }

    @Test
    @Order(2)
    void versionRunsAsAnOrdinaryUser() {
        Result run = asUser("command -v lifeboat && lifeboat --version");
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.stdout().startsWith("/usr/bin/lifeboat\n"), run.stdout());
        assertTrue(run.stdout().contains("\nLifeboat " + version + "\n"), "the version of this build: " + run.stdout());
        assertTrue(run.stdout().contains("\nJava 17"), "on the runtime the package carries: " + run.stdout());
        // The launcher runs the JVM with Lifeboat's options (issue 22): its heap's ceiling is the shipped -Xmx, not
        // a quarter of the machine's memory.
        java.util.regex.Matcher heap =
                java.util.regex.Pattern.compile("\nHeap up to (\\d+) MiB").matcher(run.stdout());
        assertTrue(heap.find(), "the heap's ceiling: " + run.stdout());
        assertTrue(Long.parseLong(heap.group(1)) <= 256, "the shipped -Xmx256m is in force: " + run.stdout());
        Result cfg = root("grep -x 'java-options=-Xmx256m' /usr/lib/lifeboat/app/lifeboat.cfg"
                + " && grep -x 'java-options=-XX:+UseSerialGC' /usr/lib/lifeboat/app/lifeboat.cfg");
        assertEquals(0, cfg.exitCode(), "the launcher's configuration carries the options: " + cfg);
    }

    @Test
    @Order(3)
    void detectNamesTheApplicationsOnSrvA() throws IOException {
        Testbed.Server srvA = testbed.server("srv-a");
        // The user's own SSH setup, where ssh and Lifeboat look by default: a key and a known_hosts file.
        asUser("mkdir -m 700 -p ~/.ssh").orThrow();
        asUser(Files.readAllBytes(testbed.server("srv-a").user("root").key()), "umask 077 && cat > ~/.ssh/id_ed25519")
                .orThrow();
        asUser(Files.readAllBytes(testbed.knownHostsFile()), "cat > ~/.ssh/known_hosts")
                .orThrow();

        long start = System.nanoTime();
        Result detect = asUser("lifeboat detect root@" + srvA.ip() + " --batch");
        log("lifeboat detect in the container: %d s", seconds(start));
        assertEquals(0, detect.exitCode(), detect.toString());
        Set<String> headings =
                detect.stdout().lines().filter(l -> !l.startsWith(" ")).collect(Collectors.toSet());
        for (String stack : SRV_A_STACKS) {
            assertTrue(
                    headings.stream().anyMatch(h -> h.startsWith(stack + "   in /")),
                    "names " + stack + ":\n" + detect.stdout());
        }
    }

    @Test
    @Order(4)
    void theDesktopEntryOpensTheWizardOnTheConnectPage() throws Exception {
        Map<String, String> entry = desktopEntry();
        // Exec with its field codes (%f, %u, ...) removed, as a desktop environment runs it with nothing to open.
        String exec = entry.get("Exec").replaceAll("\\s%[a-zA-Z]", "");
        asUser("rm -rf " + FRAME_BUFFER_DIR + " && mkdir -p " + FRAME_BUFFER_DIR)
                .orThrow();
        asUserInBackground("Xvfb " + DISPLAY + " -screen 0 1280x900x24 -fbdir " + FRAME_BUFFER_DIR
                + " -nolisten tcp >/tmp/xvfb.log 2>&1");
        waitFor(Duration.ofSeconds(20), "Xvfb", () -> asUser("xwininfo -display " + DISPLAY + " -root")
                .ok());

        long start = System.nanoTime();
        asUserInBackground(
                // A desktop session has the locale its display manager sets (/etc/default/locale); this bare
                // container has none, under which Lifeboat refuses to name files (Launcher.notUtf8).
                "cd && echo $$ >/tmp/wizard.pid && LANG=C.UTF-8 DISPLAY=" + DISPLAY + " exec " + exec
                        + " >/tmp/wizard.log 2>&1");
        Window window = waitFor(Duration.ofSeconds(90), "the Lifeboat window", () -> {
            assertTrue(
                    root("test ! -f /tmp/wizard.pid || kill -0 $(cat /tmp/wizard.pid)")
                            .ok(),
                    "the wizard ended early:\n" + root("cat /tmp/wizard.log").stdout());
            return topLevelWindows().stream()
                    .filter(w -> w.title().equals(LifeboatApp.TITLE))
                    .findFirst()
                    .orElse(null);
        });
        log("window %dx%d after %d s", window.width(), window.height(), seconds(start));
        assertEquals(
                entry.get("StartupWMClass"),
                window.wmClass(),
                "the desktop entry's StartupWMClass is the window's class, so docks and task bars match them");
        assertTrue(window.width() >= 800 && window.height() >= 600, "a window of the wizard's size: " + window);

        Path screenshots = Files.createDirectories(installers.resolve("screenshots"));
        Path png = screenshots.resolve("deb-wizard-connect.png");
        String text = "";
        int colours = 0;
        int attempt = 0;
        while (++attempt <= 10) {
            Thread.sleep(attempt == 1 ? 3000 : 2000); // let the first page lay out and paint
            BufferedImage shot = screenshot(window);
            ImageIO.write(shot, "png", png.toFile());
            colours = distinctColours(shot);
            text = colours > 50 ? ocr(png) : "";
            if (normalized(text).contains("connect to your server")) {
                break;
            }
        }
        log("screenshot %s after %d s (%d attempts)", png, seconds(start), Math.min(attempt, 10));
        assertTrue(colours > 50, "the window shows something, not a blank area (" + colours + " colours): " + png);
        String seen = normalized(text);
        assertTrue(seen.contains("connect to your server"), "the Connect page's heading, in " + png + ":\n" + text);
        assertTrue(seen.contains("sign in with"), "the Connect page's login choice, in " + png + ":\n" + text);
        root("kill $(cat /tmp/wizard.pid)");
    }

    @Test
    @Order(5)
    void purgingThePackageLeavesTheUsersFilesAlone() {
        // What a user has by now: profiles, snapshots, logs (the runs above wrote the log already).
        asUser("mkdir -p ~/.config/lifeboat/profiles ~/Lifeboat/snapshots/it ~/.local/state/lifeboat/logs"
                        + " && echo 'host: srv-a' > ~/.config/lifeboat/profiles/it.yaml"
                        + " && echo data > ~/Lifeboat/snapshots/it/data"
                        + " && echo line >> ~/.local/state/lifeboat/logs/lifeboat.log")
                .orThrow();
        String before = userFiles();
        assertTrue(before.contains("lifeboat.log") && before.contains("it.yaml"), before);

        Result purge = root("dpkg --purge lifeboat");
        assertTrue(purge.ok(), purge.toString());

        assertFalse(
                root("dpkg-query -W -f='${Status}' lifeboat | grep -q 'ok installed'")
                        .ok(),
                "removed");
        for (String path : List.of("/usr/bin/lifeboat", "/usr/lib/lifeboat", DESKTOP_ENTRY)) {
            assertFalse(root("test -e " + path).ok(), "gone with the package: " + path);
        }
        assertEquals(before, userFiles(), "the user's profiles, snapshots and logs are untouched");
    }

    // ------------------------------------------------------------------ the package

    private Path builtPackage() throws IOException {
        List<Path> debs;
        try (Stream<Path> files = Files.list(installers)) {
            debs = files.filter(f -> f.getFileName().toString().matches("lifeboat_.*\\.deb"))
                    .toList();
        } catch (IOException e) {
            throw new IOException("no " + installers + ": build the package first (mvn package)", e);
        }
        if (debs.size() != 1) {
            fail("expected one lifeboat_*.deb in " + installers + " (built by build-installers), found " + debs);
        }
        Path jar = Path.of(System.getProperty("lifeboat.jar", "../app/target/lifeboat.jar"));
        if (Files.getLastModifiedTime(debs.get(0)).compareTo(Files.getLastModifiedTime(jar)) < 0) {
            fail(debs.get(0) + " is older than " + jar + ": a package of an earlier build (built with"
                    + " -Dlifeboat.installers.skip?)");
        }
        return debs.get(0);
    }

    /** The package names in the .deb's Depends, without versions. */
    private static List<String> depends(Path deb) {
        String field = Testbed.run(
                        List.of("dpkg-deb", "-f", deb.toString(), "Depends"), null, Duration.ofMinutes(1), Map.of())
                .orThrow()
                .stdout();
        List<String> names = Arrays.stream(field.split(","))
                .map(d -> d.replaceAll("\\(.*\\)", "").strip())
                .filter(d -> !d.isEmpty())
                .toList();
        for (String required : List.of("libgtk-3-0", "rsync", "openssh-client")) {
            assertTrue(names.contains(required), "the package declares " + required + ": " + field);
        }
        return names;
    }

    private Map<String, String> desktopEntry() {
        Map<String, String> entry = new LinkedHashMap<>();
        for (String line : root("cat " + DESKTOP_ENTRY).orThrow().stdout().split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                entry.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return entry;
    }

    private String userFiles() {
        String dirs = USER_DIRS.stream().map(d -> "~/" + d).collect(Collectors.joining(" "));
        return asUser("find " + dirs + " -type f -print0 | sort -z | xargs -0 sha256sum")
                .orThrow()
                .stdout();
    }

    // ------------------------------------------------------------------ the window

    record Window(String id, String title, String wmClass, int x, int y, int width, int height) {}

    /** {@code 0x400003 "title": ("instance" "class")  1040x680+120+73  +120+73} in {@code xwininfo -tree}. */
    private static final Pattern TREE_LINE = Pattern.compile(
            "^\\s+(0x[0-9a-f]+) \"(.*)\": \\(\"([^\"]*)\" \"([^\"]*)\"\\)\\s+(\\d+)x(\\d+)\\+-?\\d+\\+-?\\d+\\s+\\+(-?\\d+)\\+(-?\\d+)");

    private List<Window> topLevelWindows() {
        // UTF-8, or xwininfo cannot print the title's dash.
        Result tree = asUser("LC_ALL=C.UTF-8 xwininfo -display " + DISPLAY + " -root -children");
        List<Window> windows = new ArrayList<>();
        for (String line : tree.stdout().split("\n")) {
            Matcher m = TREE_LINE.matcher(line);
            if (m.find()) {
                windows.add(new Window(
                        m.group(1),
                        m.group(2),
                        m.group(4),
                        Integer.parseInt(m.group(7)),
                        Integer.parseInt(m.group(8)),
                        Integer.parseInt(m.group(5)),
                        Integer.parseInt(m.group(6))));
            }
        }
        return windows;
    }

    private BufferedImage screenshot(Window window) throws IOException {
        Path dump = Files.createTempFile("xvfb-screen", ".xwd");
        try {
            docker(Duration.ofMinutes(1), "cp", container + ":" + FRAME_BUFFER_DIR + "/Xvfb_screen0", dump.toString())
                    .orThrow();
            return XwdImage.read(Files.readAllBytes(dump), window.x(), window.y(), window.width(), window.height());
        } finally {
            Files.deleteIfExists(dump);
        }
    }

    private static int distinctColours(BufferedImage image) {
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                colours.add(image.getRGB(x, y));
            }
        }
        return colours.size();
    }

    private String ocr(Path png) throws IOException {
        return testbed.docker(
                        Duration.ofMinutes(2),
                        Files.readAllBytes(png),
                        "run",
                        "--rm",
                        "-i",
                        "--network",
                        "none",
                        ocrImage,
                        "tesseract",
                        "stdin",
                        "stdout")
                .orThrow()
                .stdout();
    }

    private static String normalized(String text) {
        return text.toLowerCase().replaceAll("\\s+", " ");
    }

    // ------------------------------------------------------------------ containers

    /** A tool image built once on the testbed's engine, tagged with the hash of its Dockerfile. */
    private String image(String repository, String dockerfile) {
        String tag = repository + ":" + sha256(dockerfile).substring(0, 12);
        if (docker(Duration.ofMinutes(1), "image", "inspect", tag).ok()) {
            return tag;
        }
        long start = System.nanoTime();
        testbed.docker(
                        Duration.ofMinutes(15),
                        dockerfile.getBytes(StandardCharsets.UTF_8),
                        "build",
                        "-q",
                        "-t",
                        tag,
                        "-")
                .orThrow();
        log("built %s in %d s", tag, seconds(start));
        return tag;
    }

    private Result root(String script) {
        return docker(Duration.ofMinutes(5), "exec", container, "sh", "-c", script);
    }

    /** A login shell of the user, as a person's terminal has: their PATH, HOME and profile. */
    private Result asUser(String script) {
        return asUser(null, script);
    }

    private Result asUser(byte[] stdin, String script) {
        return testbed.docker(
                Duration.ofMinutes(5), stdin, "exec", "-i", container, "su", "--login", USER, "-c", script);
    }

    private void asUserInBackground(String script) {
        docker(Duration.ofMinutes(1), "exec", "-d", container, "su", "--login", USER, "-c", script)
                .orThrow();
    }

    private Result docker(Duration timeout, String... args) {
        return testbed.docker(timeout, null, args);
    }

    // ------------------------------------------------------------------ small things

    interface Probe<T> {
        T poll() throws Exception;
    }

    /** Polls until {@code probe} gives a non-null, non-false value; fails after {@code timeout}. */
    private static <T> T waitFor(Duration timeout, String what, Probe<T> probe) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T value = probe.poll();
            if (value != null && !Boolean.FALSE.equals(value)) {
                return value;
            }
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
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long seconds(long startNanos) {
        return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startNanos);
    }

    private static void log(String format, Object... args) {
        System.err.println("[DebPackageIT] " + String.format(format, args));
    }
}
