package dev.lifeboat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The entry point refuses a locale in which Java cannot name the servers' files (a service, a bare container, an ssh
 * login without LANG), before anything is done; the same command runs under C.UTF-8.
 */
class LauncherTest {
    private static final String JAVA =
            Path.of(System.getProperty("java.home"), "bin", "java").toString();

    record Ran(int exit, String out) {}

    private static Ran launch(Map<String, String> env) throws Exception {
        // A command that names local files: the store of a verify.
        return launch(env, "verify", "/nonexistent/snapshot");
    }

    private static Ran launch(Map<String, String> env, String... args) throws Exception {
        java.util.List<String> cmd = new java.util.ArrayList<>(
                java.util.List.of(JAVA, "-cp", System.getProperty("java.class.path"), Launcher.class.getName()));
        cmd.addAll(java.util.List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        pb.environment().put("HOME", System.getProperty("java.io.tmpdir"));
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Ran(p.exitValue(), out);
    }

    @Test
    void withoutALocaleItSaysToRunWithAUtf8OneAndDoesNothing() throws Exception {
        Ran none = launch(Map.of());
        assertThat(none.exit()).isEqualTo(2);
        assertThat(none.out())
                .contains("no LANG or LC_ALL")
                .contains("LANG=C.UTF-8 lifeboat")
                .contains("Nothing was done");

        Ran posix = launch(Map.of("LC_ALL", "POSIX"));
        assertThat(posix.exit()).isEqualTo(2);
        assertThat(posix.out()).contains("(LC_ALL=POSIX)");
    }

    @Test
    void underCUtf8TheSameCommandRuns() throws Exception {
        Ran utf8 = launch(Map.of("LANG", "C.UTF-8"));
        assertThat(utf8.out()).doesNotContain("locale").contains("/nonexistent/snapshot");
        assertThat(utf8.exit()).as(utf8.out()).isNotEqualTo(0); // it ran: there is no such snapshot
    }

    @Test
    void theVersionAndDetectionRunUnderAnyLocaleForTheyNameNoLocalFile() throws Exception {
        // A bare server login has no locale: `lifeboat --version` works there (the .deb's test installs it so).
        Ran version = launch(Map.of(), "--version");
        assertThat(version.exit()).as(version.out()).isZero();
        assertThat(version.out()).doesNotContain("locale");
        assertThat(Launcher.namesLocalFiles(new String[] {"detect", "root@srv"}))
                .isFalse();
        assertThat(Launcher.namesLocalFiles(new String[] {"backup", "root@srv"}))
                .isTrue();
        assertThat(Launcher.namesLocalFiles(new String[0])).as("the window").isTrue();
    }
}
