package dev.lifeboat.engine.probe;

import dev.lifeboat.engine.CancelToken;
import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.remote.CommandSpec;
import dev.lifeboat.engine.remote.OutputSink;
import dev.lifeboat.engine.remote.RemoteShell;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A probe that sends each call as ONE read-only POSIX {@code sh} script through a {@link RemoteShell} (over SSH in
 * production, a local process in tests). Each script is bounded with {@code timeout} and {@code find -maxdepth},
 * reports every problem in its output, and exits 0 whatever it finds. Needs {@code sh}, GNU {@code find} (for {@code
 * -printf}), {@code head}, {@code base64} and {@code awk} on the server; {@code docker} and {@code timeout} are used
 * when present.
 *
 * <p>A root prefix lets tests run the same scripts against a local folder standing for {@code /}; with a prefix the
 * probe does not ask Docker (the local containers are not the tree's).
 */
public final class ShellProbe implements Probe {
    private static final String TAB = "\t";

    // The scripts take their data as positional parameters, so nothing is ever pasted into shell code.
    private static final String SURVEY_SCRIPT = String.join(
            "\n",
            "prefix=$1; depth=$2; pats=$3; secs=$4; docker=$5; prunes=$6; follow=$7; system=$8; shift 8",
            // Folders in byte order, as FsProbe sorts them.
            "LC_ALL=C; export LC_ALL",
            "if command -v timeout >/dev/null 2>&1; then T=\"timeout $secs\"; else T=; fi",
            // One deadline for the whole survey, however many roots there are.
            "end=$(( $(date +%s) + secs ))",
            "exec 3>&1",
            "if [ \"$docker\" = yes ]; then",
            "  if command -v docker >/dev/null 2>&1; then",
            // -a: a stopped compose project is the application's too (after a crash, an engine restart, a migration).
            "    $T docker ps -a --no-trunc --format '{{.Names}}\t{{.Image}}\t{{.Label \"com.docker.compose.project\"}}"
                    + "\t{{.Label \"com.docker.compose.service\"}}\t{{.Label \"com.docker.compose.project.working_dir\"}}"
                    + "\t{{.Label \"com.docker.compose.project.config_files\"}}' 2>&1 | sed 's/^/C\t/'",
            "  else printf 'E\\tdocker is not installed or not on the PATH\\n'; fi",
            "fi",
            "search() {",
            "  r=$1; left=$(( end - $(date +%s) ))",
            "  if [ \"$left\" -le 0 ]; then printf 'X\\t124\\t%s\\n' \"$r\"; return; fi",
            "  if [ -n \"$T\" ]; then T=\"timeout $left\"; fi",
            "  set -f; oldifs=$IFS; IFS=/; first=1",
            "  set --",
            "  for p in $prunes; do if [ $first = 1 ]; then set -- -name \"$p\"; first=0; else set -- \"$@\" -o -name \"$p\"; fi; done",
            "  set -- \\( \"$@\" \\) -prune -o -type f \\(; first=1",
            "  for p in $pats; do if [ $first = 1 ]; then set -- \"$@\" -name \"$p\"; first=0; else set -- \"$@\" -o -name \"$p\"; fi; done",
            "  IFS=$oldifs; set +f",
            "  { $T find $follow \"$r\" -mindepth 1 -maxdepth \"$depth\" -type d \"$@\" \\) -printf 'F\\t%U\\t%s\\t%D:%i\\t%p\\n'; printf 'X\\t%s\\t%s\\n' \"$?\" \"$r\" >&3; } 2>&1 1>&3 | sed 's/^/E\t/'",
            "}",
            "one() {",
            "  root=$1",
            "  if [ -d \"$prefix$root\" ] && { [ -n \"$follow\" ] || [ ! -L \"$prefix$root\" ]; }; then",
            "    printf 'R\\t%s\\n' \"$root\"; search \"$prefix$root\"",
            "  else d=${prefix}${root%/*}; while [ -n \"$d\" ] && [ ! -e \"$d\" ]; do d=${d%/*}; done",
            "    if [ -n \"$d\" ] && [ -d \"$d\" ] && [ ! -x \"$d\" ]; then printf 'E\\tcannot search %s: permission denied\\n' \"$root\"; fi",
            "  fi",
            "}",
            "for root in \"$@\"; do",
            "  case $root in",
            // P/* stands for every folder directly inside P but the system's own (and hidden ones: * skips them).
            "    */\\*) parent=${root%/\\*}",
            "      for d in \"$prefix$parent\"/*; do",
            "        [ -d \"$d\" ] || continue",
            "        p=$parent/${d##*/}",
            "        case \":$system:\" in *\":$p:\"*) continue;; esac",
            "        one \"$p\"",
            "      done;;",
            "    *) one \"$root\";;",
            "  esac",
            "done",
            "exit 0");

    private static final String READ_SCRIPT = String.join(
            "\n",
            "prefix=$1; max=$2; budget=$3; nfolders=$4; limit=$5; shift 5",
            "i=0",
            "for p in \"$@\"; do",
            "  f=$prefix$p; i=$((i + 1))",
            // The first nfolders paths are folders to list: NUL-separated names, so that any name survives.
            "  if [ \"$i\" -le \"$nfolders\" ]; then",
            "    if [ ! -e \"$f\" ]; then printf 'LM\\t%s\\n' \"$p\"",
            "    elif [ ! -d \"$f\" ] || [ ! -r \"$f\" ] || [ ! -x \"$f\" ]; then printf 'LU\\t%s\\n' \"$p\"",
            "    else printf 'L\\t%s\\t' \"$p\"",
            "      find \"$f/\" -mindepth 1 -maxdepth 1 -printf '%f\\0' 2>/dev/null | head -z -n \"$((limit + 1))\" | base64 | tr -d '\\n'",
            "      printf '\\n'; fi",
            "  elif [ ! -e \"$f\" ] && [ ! -L \"$f\" ]; then printf 'M\\t%s\\n' \"$p\"",
            "  elif [ ! -f \"$f\" ] || [ ! -r \"$f\" ]; then printf 'U\\t%s\\n' \"$p\"",
            "  elif [ \"$budget\" -le 0 ]; then printf 'B\\t%s\\n' \"$p\"",
            "  else n=$(wc -c < \"$f\" 2>/dev/null | tr -d ' '); case $n in ''|*[!0-9]*) n=0;; esac",
            "    printf 'R\\t%s\\t%s\\t' \"$p\" \"$n\"; head -c \"$max\" \"$f\" | base64 | tr -d '\\n'; printf '\\n'",
            "    if [ \"$n\" -gt \"$max\" ]; then n=$max; fi; budget=$((budget - n))",
            "  fi",
            "done",
            "exit 0");

    private static final String STAT_SCRIPT = String.join(
            "\n",
            "prefix=$1; secs=$2; shift 2",
            "if command -v timeout >/dev/null 2>&1; then T=\"timeout $secs\"; else T=; fi",
            "for p in \"$@\"; do",
            "  f=$prefix$p",
            "  if [ -L \"$f\" ]; then printf 'S\\t%s\\tO\\t-\\t0\\n' \"$p\"",
            "  elif [ -f \"$f\" ]; then n=$(wc -c < \"$f\" 2>/dev/null | tr -d ' '); e=0; [ \"${f##*/}\" = .keep ] && e=1",
            "    printf 'S\\t%s\\tF\\t%s\\t%s\\n' \"$p\" \"${n:--}\" \"$e\"",
            "  elif [ -d \"$f\" ]; then",
            "    r=$( { $T find \"$f\" -type f -printf '%s %f\\n' || echo FAIL; } 2>/dev/null | awk '"
                    + "$0 == \"FAIL\" { bad = 1; next } { s += $1; if (substr($0, index($0, \" \") + 1) != \".keep\") c = 1 } "
                    + "END { if (bad) print \"-\", 0; else print s + 0, (c ? 0 : 1) }')",
            "    printf 'S\\t%s\\tD\\t%s\\n' \"$p\" \"$(echo \"$r\" | tr ' ' '\\t')\"",
            "  elif [ -e \"$f\" ]; then printf 'S\\t%s\\tO\\t-\\t0\\n' \"$p\"",
            // Missing, or hidden by a folder this login may not enter: look at the nearest existing ancestor.
            "  else d=${f%/*}; while [ -n \"$d\" ] && [ ! -e \"$d\" ]; do d=${d%/*}; done",
            "    if [ -n \"$d\" ] && [ -d \"$d\" ] && [ ! -x \"$d\" ]; then printf 'S\\t%s\\tU\\t-\\t0\\n' \"$p\"",
            "    else printf 'S\\t%s\\tM\\t-\\t1\\n' \"$p\"; fi; fi",
            "done",
            "exit 0");

    /** The most output one probe command may return: above what {@link Probe#MAX_READ_BYTES} gives in base64. */
    public static final int LIMIT_BYTES = 80 << 20;

    private final RemoteShell shell;
    private final boolean asRoot;
    private final String prefix;
    private final boolean askDocker;
    private final AtomicInteger commands = new AtomicInteger();

    /**
     * A probe of the shell's server: searches its real {@code /} and asks Docker.
     *
     * @param asRoot run each command as root (through sudo for a non-root login, asking for its password if sudo
     *     wants one), so that folders closed to the login user can be looked into and measured
     */
    public ShellProbe(RemoteShell shell, boolean asRoot) {
        this(shell, asRoot, "");
    }

    /** A probe of a folder standing for {@code /} on the shell's machine; for tests. Docker is not asked. */
    public ShellProbe(RemoteShell shell, String rootPrefix) {
        this(shell, false, rootPrefix);
    }

    private ShellProbe(RemoteShell shell, boolean asRoot, String rootPrefix) {
        this.shell = shell;
        this.asRoot = asRoot;
        this.prefix = rootPrefix.endsWith("/") ? rootPrefix.substring(0, rootPrefix.length() - 1) : rootPrefix;
        this.askDocker = rootPrefix.isEmpty();
    }

    /** How many commands (each one SSH round trip) the probe ran so far. */
    public int commandsRun() {
        return commands.get();
    }

    @Override
    public String describe() {
        return prefix.isEmpty() ? "server (shell)" : "folder " + prefix + " (shell)";
    }

    /** The command {@link #survey} runs; public so tests and the lead can inspect the exact arguments. */
    public CommandSpec surveyCommand(List<String> roots, int maxDepth, List<String> namePatterns) {
        List<String> args = new ArrayList<>(List.of(
                "sh",
                "-c",
                SURVEY_SCRIPT,
                "lifeboat-survey",
                prefix,
                Integer.toString(maxDepth),
                String.join("/", namePatterns),
                Integer.toString(ProbeLimits.SURVEY_SECONDS),
                askDocker ? "yes" : "no",
                String.join("/", ProbeLimits.PRUNED_DIR_NAMES.stream().sorted().toList()),
                // On the server links are followed as the admin's shell would (find -L detects loops); under a test
                // prefix an absolute link would point out of the tree, so links are not followed there.
                askDocker ? "-L" : "",
                String.join(":", ProbeLimits.SYSTEM_FOLDERS.stream().sorted().toList())));
        args.addAll(roots);
        return CommandSpec.read(args).withTimeout(Duration.ofSeconds(ProbeLimits.SURVEY_SECONDS * 2L + 10));
    }

    @Override
    public Survey survey(List<String> roots, int maxDepth, List<String> namePatterns) throws EngineException {
        String out = run(surveyCommand(roots, maxDepth, namePatterns));
        List<RunningContainer> containers = new ArrayList<>();
        List<FoundFile> files = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        List<String> searched = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (line.startsWith("R\t")) {
                searched.add(line.substring(2));
            } else if (line.startsWith("F\t")) {
                String[] f = line.split(TAB, 5);
                if (f.length == 5) {
                    if (files.size() >= ProbeLimits.MAX_FOUND_FILES) {
                        if (files.size() == ProbeLimits.MAX_FOUND_FILES) {
                            problems.add("more than " + ProbeLimits.MAX_FOUND_FILES
                                    + " candidate files; search stopped, results are partial");
                        }
                        continue;
                    }
                    files.add(new FoundFile(strip(f[4]), parseInt(f[1]), parseLong(f[2]), f[3]));
                }
            } else if (line.startsWith("C\t")) {
                String[] f = line.substring(2).split(TAB, -1);
                if (f.length == 6) {
                    List<String> configs = f[5].isBlank() ? List.of() : Arrays.asList(f[5].split(","));
                    containers.add(new RunningContainer(f[0], f[1], f[2], f[3], f[4], configs));
                } else if (!line.isBlank()) {
                    problems.add("docker ps: " + line.substring(2).strip());
                }
            } else if (line.startsWith("X\t")) {
                String[] f = line.split(TAB, 3);
                if (f.length == 3 && f[1].equals("124")) {
                    problems.add("search stopped after " + ProbeLimits.SURVEY_SECONDS + " s in " + strip(f[2])
                            + "; results are partial");
                }
            } else if (line.startsWith("E\t")) {
                problems.add(friendlyFindError(line.substring(2)));
            }
        }
        return new Survey(containers, files, problems, searched);
    }

    private String friendlyFindError(String message) {
        // GNU find says: find: ‘/srv/x’: Permission denied (quotes ' ' in the C locale the survey runs in).
        String m = message.strip();
        int open = m.indexOf('‘');
        int close = m.indexOf('’');
        if (open < 0 && m.startsWith("find: '")) {
            open = "find: ".length();
            close = m.lastIndexOf("': ");
        }
        if (open >= 0 && close > open && m.endsWith("Permission denied")) {
            return "cannot read " + strip(m.substring(open + 1, close)) + ": permission denied";
        }
        if (open >= 0 && close > open && m.contains("File system loop detected")) {
            return strip(m.substring(open + 1, close)) + " is a symbolic link loop; not followed";
        }
        return prefix.isEmpty() ? m : m.replace(prefix, "");
    }

    /** The command {@link #readFiles} runs. */
    public CommandSpec readCommand(List<String> paths) {
        return readCommand(paths, List.of());
    }

    /** The command {@link #read} runs: the folders to list come first among the paths. */
    public CommandSpec readCommand(List<String> files, List<String> folders) {
        List<String> args = new ArrayList<>(List.of(
                "sh",
                "-c",
                READ_SCRIPT,
                "lifeboat-read",
                prefix,
                Integer.toString(MAX_FILE_BYTES),
                Integer.toString(MAX_READ_BYTES),
                Integer.toString(folders.size()),
                Integer.toString(ProbeLimits.MAX_LISTED_NAMES)));
        args.addAll(folders);
        args.addAll(files);
        return CommandSpec.read(args).withTimeout(Duration.ofSeconds(60));
    }

    @Override
    public Reading read(List<String> files, List<String> folders) throws EngineException {
        Map<String, FileText> out = new LinkedHashMap<>();
        for (String p : files) {
            out.put(p, FileText.missing(p));
        }
        Map<String, FolderListing> listings = new LinkedHashMap<>();
        for (String p : folders) {
            listings.put(p, FolderListing.missing(p));
        }
        if (files.isEmpty() && folders.isEmpty()) {
            return new Reading(out, listings);
        }
        for (String line : run(readCommand(files, folders)).split("\n")) {
            String[] f = line.split(TAB, -1);
            if (f[0].equals("L") && f.length >= 3) {
                // The path may hold a tab; the names (base64) never do.
                String path = line.substring(2, line.lastIndexOf('\t'));
                listings.put(path, listing(path, line.substring(line.lastIndexOf('\t') + 1)));
            } else if (f[0].equals("LM") && f.length >= 2) {
                listings.put(f[1], FolderListing.missing(f[1]));
            } else if (f[0].equals("LU") && f.length >= 2) {
                listings.put(f[1], FolderListing.unreadable(f[1]));
            } else if (f[0].equals("M") && f.length >= 2) {
                out.put(f[1], FileText.missing(f[1]));
            } else if (f[0].equals("U") && f.length >= 2) {
                out.put(f[1], FileText.unreadable(f[1]));
            } else if (f[0].equals("B") && f.length >= 2) {
                out.put(f[1], FileText.skipped(f[1]));
            } else if (f[0].equals("R") && f.length >= 4) {
                byte[] bytes;
                try {
                    bytes = Base64.getDecoder().decode(f[3].strip());
                } catch (IllegalArgumentException e) {
                    out.put(f[1], FileText.unreadable(f[1]));
                    continue;
                }
                boolean truncated = parseLong(f[2]) > MAX_FILE_BYTES;
                out.put(
                        f[1],
                        new FileText(f[1], FileText.Status.OK, new String(bytes, StandardCharsets.UTF_8), truncated));
            }
        }
        return new Reading(out, listings);
    }

    /** A listing from the NUL-separated names the read script sends in base64. */
    private static FolderListing listing(String path, String base64) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            return FolderListing.unreadable(path);
        }
        List<String> names = new ArrayList<>();
        for (String n : new String(bytes, StandardCharsets.UTF_8).split("\0")) {
            if (!n.isEmpty()) {
                names.add(n);
            }
        }
        names.sort(null);
        boolean more = names.size() > ProbeLimits.MAX_LISTED_NAMES;
        return new FolderListing(
                path, FileText.Status.OK, more ? names.subList(0, ProbeLimits.MAX_LISTED_NAMES) : names, more);
    }

    /** The command {@link #stat} runs. */
    public CommandSpec statCommand(List<String> paths) {
        List<String> args = new ArrayList<>(
                List.of("sh", "-c", STAT_SCRIPT, "lifeboat-stat", prefix, Integer.toString(ProbeLimits.SIZE_SECONDS)));
        args.addAll(paths);
        return CommandSpec.read(args)
                .withTimeout(Duration.ofSeconds((long) ProbeLimits.SIZE_SECONDS * Math.max(1, paths.size()) + 10));
    }

    @Override
    public Map<String, PathStats> stat(List<String> paths) throws EngineException {
        Map<String, PathStats> out = new LinkedHashMap<>();
        for (String p : paths) {
            out.put(p, PathStats.missing(p));
        }
        if (paths.isEmpty()) {
            return out;
        }
        for (String line : run(statCommand(paths)).split("\n")) {
            String[] f = line.split(TAB, -1);
            if (!f[0].equals("S") || f.length < 5) {
                continue;
            }
            PathStats.Type type =
                    switch (f[2]) {
                        case "F" -> PathStats.Type.FILE;
                        case "D" -> PathStats.Type.DIRECTORY;
                        case "O" -> PathStats.Type.OTHER;
                        case "U" -> PathStats.Type.UNKNOWN;
                        default -> PathStats.Type.MISSING;
                    };
            OptionalLong size =
                    f[3].equals("-") || f[3].isEmpty() ? OptionalLong.empty() : OptionalLong.of(parseLong(f[3]));
            boolean empty = f[4].strip().equals("1");
            out.put(
                    f[1],
                    type == PathStats.Type.MISSING ? PathStats.missing(f[1]) : new PathStats(f[1], type, size, empty));
        }
        return out;
    }

    /**
     * Runs one probe script and returns its output. A non-zero exit status is not an error (the scripts report
     * problems in their output); an answer larger than {@link #LIMIT_BYTES} is, rather than a silently cut listing.
     */
    private String run(CommandSpec spec) throws EngineException {
        commands.incrementAndGet();
        OutputSink.Captured out = OutputSink.capture(LIMIT_BYTES);
        shell.run(asRoot ? spec.asRoot() : spec, null, out, CancelToken.NONE);
        if (out.truncated()) {
            throw new EngineException("The server's answer to '" + spec.display() + "' was larger than "
                    + (LIMIT_BYTES >> 20) + " MiB; the folders searched are too large to survey.");
        }
        return new String(out.stdoutBytes(), StandardCharsets.UTF_8);
    }

    private String strip(String path) {
        return !prefix.isEmpty() && path.startsWith(prefix) ? path.substring(prefix.length()) : path;
    }

    private static int parseInt(String s) {
        try {
            return Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
