package dev.lifeboat.testbed;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Brings the testbed up once per JVM, before the first {@link TestbedTest} class, by running {@code testbed/up},
 * and takes it down ({@code testbed/down}) when the whole run ends, unless {@code LIFEBOAT_TESTBED_KEEP=1}.
 *
 * <p>The running testbed is a value in the root context's store: JUnit computes it once even when classes run in
 * parallel, hands the same value (or the same failure) to every class, and closes it after the last test. If the
 * testbed cannot be brought up, every test class that needs it FAILS with the script's output (JUnit keeps the
 * failure: the script runs once): it never skips.
 *
 * <p>Injects {@link Testbed} parameters (constructor, lifecycle and test methods).
 */
public final class TestbedExtension implements BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(TestbedExtension.class);

    /** Whole set-up from nothing is budgeted at 8 minutes; allow some slack before failing. */
    private static final long UP_TIMEOUT_MINUTES = 20;

    private static final long DOWN_TIMEOUT_MINUTES = 5;

    @Override
    public void beforeAll(ExtensionContext context) {
        running(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Testbed.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return running(context).testbed();
    }

    private static Running running(ExtensionContext context) {
        if ("unit".equals(System.getProperty("lifeboat.tier"))) {
            // surefire (mvn test -Dtest=...IT) would bring up the shared testbed and take it down at its end, under
            // another run that uses it.
            throw new IllegalStateException(context.getRequiredTestClass().getSimpleName() + " needs the testbed: run"
                    + " it with failsafe (mvn verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dit.test="
                    + context.getRequiredTestClass().getSimpleName() + "), never in the unit tier.");
        }
        return context.getRoot()
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent(Running.class, key -> Running.bringUp(), Running.class);
    }

    /** The testbed this run brought up; closing it takes it down. */
    record Running(Testbed testbed) implements AutoCloseable {

        static Running bringUp() {
            Result up = runScript("up", UP_TIMEOUT_MINUTES);
            if (up.exitCode() != 0) {
                throw new IllegalStateException("testbed/up failed (exit " + up.exitCode()
                        + "); the testbed is needed by this test and cannot be had. Last output:\n" + up.tail());
            }
            return new Running(Testbed.load());
        }

        @Override
        public void close() {
            if ("1".equals(System.getenv("LIFEBOAT_TESTBED_KEEP"))) {
                System.err.println("[testbed] LIFEBOAT_TESTBED_KEEP=1: leaving the testbed up");
                return;
            }
            Result down = runScript("down", DOWN_TIMEOUT_MINUTES);
            if (down.exitCode() != 0) {
                throw new IllegalStateException("testbed/down failed (exit " + down.exitCode() + "):\n" + down.tail());
            }
        }
    }

    private record Result(int exitCode, String tail) {}

    /**
     * Runs {@code testbed/NAME}, echoing its output (phase times included) to stderr as it comes, and keeps the
     * last lines for the error message.
     */
    private static Result runScript(String name, long timeoutMinutes) {
        List<String> command = List.of(Testbed.scriptsDir().resolve(name).toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Deque<String> last = new ArrayDeque<>();
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            Thread pump = new Thread(
                    () -> {
                        try (BufferedReader reader = new BufferedReader(
                                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                            for (String line; (line = reader.readLine()) != null; ) {
                                System.err.println(line);
                                synchronized (last) {
                                    last.addLast(line);
                                    if (last.size() > 60) {
                                        last.removeFirst();
                                    }
                                }
                            }
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    },
                    "testbed-" + name);
            pump.setDaemon(true);
            pump.start();
            if (!process.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("testbed/" + name + " did not finish in " + timeoutMinutes + " min");
            }
            pump.join(TimeUnit.SECONDS.toMillis(10));
            synchronized (last) {
                return new Result(process.exitValue(), String.join("\n", last));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }
}
