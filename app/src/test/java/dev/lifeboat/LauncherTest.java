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
        ProcessBuilder pb = new ProcessBuilder(
                        JAVA, "-cp", System.getProperty("java.class.path"), Launcher.class.getName(), "--version")
                .redirectErrorStream(true);
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
        assertThat(utf8.exit()).as(utf8.out()).isZero();
        assertThat(utf8.out()).doesNotContain("locale");
    }
}
