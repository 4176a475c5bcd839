package dev.lifeboat.engine.remote;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds the exact command line sent for a {@link CommandSpec}, and the bytes sent first on its stdin. Pure; the
 * one place that knows the wrapper's shape.
 *
 * <p>The wrapper, in POSIX sh so that any login shell can run it: the outer shell creates a private run directory
 * under /tmp, writes its pid there (it leads the process group sshd created for the session), runs the command, then
 * removes the directory and exits with the command's status. The command runs under an inner shell (through sudo when
 * it must be root) that writes its own pid too, reads one {@code NAME=value}-free line per secret from stdin and
 * exports it, then execs the program. The rest of stdin passes through untouched. Cancelling kills both pids'
 * process groups from a second channel ({@link #killLine}).
 */
final class RemoteScript {

    /** How the inner shell becomes root. */
    enum SudoMode {
        NONE,
        NO_PASSWORD,
        PASSWORD
    }

    /**
     * What to send.
     *
     * @param commandLine the exec request; contains no secret
     * @param preamble the first bytes of stdin: the sudo password line (if any), then one line per secret
     */
    record Launch(String commandLine, byte[] preamble) {}

    private static final String OUTER = "d=$1; shift; mkdir -m 700 \"$d\" || exit 125; echo $$ > \"$d/pid\"; "
            + "\"$@\"; s=$?; rm -rf \"$d\"; exit $s";

    private RemoteScript() {}

    static Launch build(CommandSpec spec, String runDir, SudoMode sudo, char[] sudoPassword) {
        StringBuilder inner = new StringBuilder("echo $$ > \"$1/pid2\"; shift; ");
        ByteArrayOutputStream preamble = new ByteArrayOutputStream();
        if (sudo == SudoMode.PASSWORD) {
            writeLine(preamble, new String(sudoPassword), "the sudo password");
        }
        for (Map.Entry<String, String> e : spec.secretEnv().entrySet()) {
            inner.append("IFS= read -r ")
                    .append(e.getKey())
                    .append(" || exit 124; export ")
                    .append(e.getKey())
                    .append("; ");
            writeLine(preamble, e.getValue(), "secret " + e.getKey());
        }
        inner.append("exec \"$@\"");

        List<String> words = new ArrayList<>(List.of("sh", "-c", OUTER, "lifeboat-run", runDir));
        switch (sudo) {
            case NO_PASSWORD -> words.addAll(List.of("sudo", "-n", "--"));
            case PASSWORD -> words.addAll(List.of("sudo", "-k", "-S", "-p", "", "--"));
            case NONE -> {}
        }
        words.addAll(List.of("sh", "-c", inner.toString(), "lifeboat", runDir));
        words.addAll(spec.args());
        return new Launch(join(words), preamble.toByteArray());
    }

    /** The line that stops a wrapped command: TERM to both process groups, then KILL after a grace second. */
    static String killLine(String runDir, SudoMode sudo) {
        String script = "d=$1; i=0; while [ ! -f \"$d/pid\" ] && [ $i -lt 10 ]; do sleep 0.2; i=$((i+1)); done; "
                + "for s in TERM KILL; do for f in \"$d/pid2\" \"$d/pid\"; do "
                + "if [ -f \"$f\" ]; then p=$(cat \"$f\"); "
                + "g=$(cut -d' ' -f5 \"/proc/$p/stat\" 2>/dev/null); "
                + "if [ -n \"$g\" ] && [ \"$g\" -gt 1 ]; then kill -s $s -- \"-$g\" 2>/dev/null; fi; "
                + "kill -s $s \"$p\" 2>/dev/null; fi; done; [ $s = TERM ] && sleep 1; done; rm -rf \"$d\"; exit 0";
        List<String> words = new ArrayList<>();
        switch (sudo) {
            case NO_PASSWORD -> words.addAll(List.of("sudo", "-n", "--"));
            case PASSWORD -> words.addAll(List.of("sudo", "-k", "-S", "-p", "", "--"));
            case NONE -> {}
        }
        words.addAll(List.of("sh", "-c", script, "lifeboat-kill", runDir));
        return join(words);
    }

    static String join(List<String> words) {
        List<String> q = new ArrayList<>(words.size());
        for (String w : words) {
            q.add(CommandSpec.quote(w));
        }
        return String.join(" ", q);
    }

    private static void writeLine(ByteArrayOutputStream to, String value, String what) {
        if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0 || value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(what + " contains a line break or NUL, which stdin lines cannot carry");
        }
        to.writeBytes(value.getBytes(StandardCharsets.UTF_8));
        to.write('\n');
    }
}
