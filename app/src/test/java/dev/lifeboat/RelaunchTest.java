package dev.lifeboat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeboat.engine.config.JvmOptions;
import java.io.File;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bare {@code java -jar lifeboat.jar} runs with Lifeboat's JVM options (issue 22): the jar starts itself again with
 * them, once, with the same arguments, output and exit code; options of one's own are left alone.
 */
class RelaunchTest {
    private static final String JAVA =
            Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private static final List<String> OPTIONS = List.of("-XX:+UseSerialGC", "-Xmx256m");

    @TempDir
    Path dir;

    @Test
    void theShippedOptionsCapTheHeapAndChooseTheSerialCollector() {
        assertThat(JvmOptions.shipped()).contains("-XX:+UseSerialGC").anyMatch(o -> o.startsWith("-Xmx"));
        assertThat(JvmOptions.tuned(JvmOptions.shipped())).isTrue();
    }

    @Test
    void aBareJavaDashJarStartsAgainWithTheOptionsItsOwnOptionsAndTheSameArguments() {
        assertThat(Relaunch.command(
                        List.of("/usr/bin/java", "-Dx=1", "-jar", "/opt/lifeboat.jar", "backup"),
                        Map.of(),
                        null,
                        "/jdk",
                        OPTIONS,
                        new String[] {"backup", "a b"}))
                .contains(List.of(
                        "/jdk/bin/java",
                        "-XX:+UseSerialGC",
                        "-Xmx256m",
                        "-Dx=1",
                        "-jar",
                        "/opt/lifeboat.jar",
                        "backup",
                        "a b"));
    }

    @Test
    void itDoesNotStartAgainWhenItIsTheSecondOrTurnedOffOrTunedOrNotAJar() {
        String[] args = {"--version"};
        List<String> bare = List.of("java", "-jar", "l.jar", "--version");
        assertThat(Relaunch.command(bare, Map.of(Relaunch.GUARD, "1"), null, "/jdk", OPTIONS, args))
                .as("the second JVM")
                .isEmpty();
        assertThat(Relaunch.command(bare, Map.of(), "false", "/jdk", OPTIONS, args))
                .isEmpty();
        assertThat(Relaunch.command(List.of("java", "-Xmx2g", "-jar", "l.jar"), Map.of(), null, "/jdk", OPTIONS, args))
                .as("a heap of one's own")
                .isEmpty();
        assertThat(Relaunch.command(
                        List.of("java", "-XX:+UseZGC", "-jar", "l.jar"), Map.of(), null, "/jdk", OPTIONS, args))
                .as("a collector of one's own")
                .isEmpty();
        assertThat(Relaunch.command(
                        bare, Map.of("JDK_JAVA_OPTIONS", "-Dy=2 -XX:MaxRAMPercentage=10"), null, "/jdk", OPTIONS, args))
                .as("options from the environment")
                .isEmpty();
        assertThat(Relaunch.command(
                        List.of("java", "-cp", "classes", "dev.lifeboat.Launcher"),
                        Map.of(),
                        null,
                        "/jdk",
                        OPTIONS,
                        args))
                .as("the build's classes, the installed launcher")
                .isEmpty();
        assertThat(Relaunch.command(List.of(), Map.of(), null, "/jdk", OPTIONS, args))
                .isEmpty();
    }

    record Ran(int exit, String out) {}

    /** A jar like the shipped one: Main-Class the Launcher, the rest of the classes through its Class-Path. */
    private Path jar() throws Exception {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, Launcher.class.getName());
        List<String> urls = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            urls.add(Path.of(e).toAbsolutePath().toUri().toString());
        }
        m.getMainAttributes().put(Attributes.Name.CLASS_PATH, String.join(" ", urls));
        Path jar = dir.resolve("lifeboat.jar");
        try (OutputStream out = new JarOutputStream(Files.newOutputStream(jar), m)) {
            // Only the manifest.
        }
        return jar;
    }

    private static Ran run(List<String> cmd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("LANG", "C.UTF-8");
        pb.environment().remove(Relaunch.GUARD);
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment().remove("JDK_JAVA_OPTIONS");
        pb.environment().remove("_JAVA_OPTIONS");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Ran(p.exitValue(), out);
    }

    private static long heapMiB(Ran r) {
        Matcher m = Pattern.compile("Heap up to (\\d+) MiB").matcher(r.out());
        assertThat(m.find()).as(r.out()).isTrue();
        return Long.parseLong(m.group(1));
    }

    @Test
    void aRealJavaDashJarRunsWithTheCappedHeapAndPassesOutputAndExitCodeThrough() throws Exception {
        Path jar = jar();
        long shippedMiB = JvmOptions.shipped().stream()
                .filter(o -> o.startsWith("-Xmx"))
                .map(o -> Long.parseLong(o.substring(4, o.length() - 1)))
                .findFirst()
                .orElseThrow();
        Ran version = run(List.of(JAVA, "-jar", jar.toString(), "--version"));
        assertThat(version.exit()).as(version.out()).isZero();
        assertThat(version.out()).startsWith("Lifeboat ");
        assertThat(heapMiB(version)).as("the shipped -Xmx is in force").isLessThanOrEqualTo(shippedMiB);

        Ran own = run(List.of(JAVA, "-Xmx" + (shippedMiB * 3) + "m", "-jar", jar.toString(), "--version"));
        assertThat(heapMiB(own)).as("one's own heap is kept").isGreaterThan(shippedMiB * 2);

        // The same exit code and output as the one JVM gives: a snapshot that does not exist.
        Ran relaunched = run(List.of(JAVA, "-jar", jar.toString(), "verify", "/nonexistent/snapshot"));
        Ran direct = run(
                List.of(JAVA, "-Dlifeboat.relaunch=false", "-jar", jar.toString(), "verify", "/nonexistent/snapshot"));
        assertThat(relaunched.exit()).isNotZero().isEqualTo(direct.exit());
        assertThat(relaunched.out()).isEqualTo(direct.out());
    }
}
