package dev.lifeboat.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.model.ByteSizes;
import dev.lifeboat.engine.model.Component;
import dev.lifeboat.engine.model.ComponentClass;
import dev.lifeboat.engine.model.DetectedStack;
import dev.lifeboat.engine.model.Evidence;
import dev.lifeboat.engine.model.Target;
import dev.lifeboat.engine.service.Lifeboat;
import dev.lifeboat.engine.service.Server;
import dev.lifeboat.engine.stacks.Detection;
import dev.lifeboat.engine.stacks.Detector;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code detect (--fs DIR | TARGET) [--json] [--explain]}: what runs on a server and what of its data matters. */
@Command(
        name = "detect",
        mixinStandardHelpOptions = true,
        description = {
            "Find which application a server runs: stack, edition, version, install folder, and its data with class,"
                    + " kind and size.",
            "Reads only. Your own stack descriptors in the config folder's stacks/*.yml are used too."
        })
final class DetectCommand implements Callable<Integer> {
    private final Lifeboat lifeboat;

    DetectCommand(Lifeboat lifeboat) {
        this.lifeboat = lifeboat;
    }

    @Spec
    CommandSpec spec;

    @Option(
            names = "--fs",
            paramLabel = "DIR",
            description = "Detect offline in a copy of a server's files; DIR is its /.")
    Path fs;

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "TARGET",
            description = "user@host[:port], ssh://... or a Host alias.")
    String target;

    @Mixin
    SshConnectOptions ssh = new SshConnectOptions();

    @Option(
            names = "--sudo",
            description = "Look as root (through sudo when you log in as another user; its password is asked or read"
                    + " from --password-file), so that folders closed to your login are seen and measured too.")
    boolean sudo;

    @Option(names = "--json", description = "Print one JSON document (DESIGN §4).")
    boolean json;

    @Option(names = "--explain", description = "Show why each stack was recognised, and what was looked at.")
    boolean explain;

    @Override
    public Integer call() throws EngineException {
        if ((fs == null) == (target == null)) {
            throw new ParameterException(spec.commandLine(), "give either --fs DIR or a TARGET, not both or neither");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Target where = null;
        if (target != null) {
            try {
                where = Target.parse(target);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "TARGET " + target + ": " + e.getMessage());
            }
        }
        if (fs != null && fs.toString().isBlank()) {
            // Path.of("") is the current folder: an empty argument (an unset shell variable) must not mean that.
            throw new ParameterException(spec.commandLine(), "--fs needs a folder, not an empty name");
        }
        if (fs != null && !Files.isDirectory(fs)) {
            throw new ParameterException(spec.commandLine(), "--fs " + fs + " is not a folder");
        }
        if (target != null) {
            // Checked before connecting: a typo here must not cost a login, or be noticed only after it.
            ssh.validate(spec.commandLine());
        }
        List<String> descriptorProblems = lifeboat.catalogueProblems();
        descriptorProblems.forEach(p -> err.println("lifeboat: warning: " + Text.printable(p)));
        long start = System.nanoTime();
        Detection detection;
        String how;
        if (target == null) {
            detection = lifeboat.detect(fs);
            how = "offline in " + fs;
        } else {
            // The same Detector, over a ShellProbe whose commands run through the SSH session.
            try (Server server = ssh.connect(lifeboat, where, err)) {
                start = System.nanoTime();
                Server.Survey survey = server.survey(sudo);
                detection = survey.detection();
                how = "over SSH on " + server.where() + " in " + survey.roundTrips() + " round trips";
            }
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        if (json) {
            out.println(toJson(detection, descriptorProblems, explain));
            // Also on standard error, for people watching a script run.
            detection.problems().forEach(p -> err.println("lifeboat: warning: " + Text.printable(p)));
        } else {
            printText(detection, out);
            if (explain) {
                out.println();
                out.printf(Locale.ROOT, "Detected %s, %d ms.%n", how, millis);
            }
        }
        out.flush();
        err.flush();
        return ExitCodes.OK;
    }

    /** DESIGN §4's document, without warnings or explanation. */
    static String toJson(Detection detection) {
        return toJson(detection, List.of(), false);
    }

    /**
     * DESIGN §4's document plus what a script needs to trust it: {@code warnings} (what could not be read or
     * searched, also the user's broken stack descriptors) and {@code partial} (true when there are warnings, i.e.
     * "nothing found" may mean "could not look"); with {@code explain}, each stack's {@code evidence} and the
     * top-level {@code lookedAt}.
     */
    static String toJson(Detection detection, List<String> descriptorProblems, boolean explain) {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        ArrayNode stacks = root.putArray("stacks");
        for (DetectedStack s : detection.stacks()) {
            ObjectNode n = stacks.addObject();
            n.put("stack", s.stackId());
            n.put("edition", s.edition());
            n.put("version", s.version());
            n.put("installDir", s.installDir());
            ArrayNode components = n.putArray("components");
            for (Component c : s.components()) {
                ObjectNode cn = components.addObject();
                cn.put("path", c.path());
                cn.put("class", c.componentClass().jsonName());
                cn.put("kind", c.kind());
                cn.put("method", c.method());
                if (c.sizeBytes().isPresent()) {
                    cn.put("sizeBytes", c.sizeBytes().getAsLong());
                } else {
                    cn.putNull("sizeBytes");
                }
                cn.put("note", c.note());
                if (!c.rebuild().isEmpty()) {
                    cn.put("rebuild", c.rebuild());
                }
            }
            if (explain) {
                ArrayNode evidence = n.putArray("evidence");
                for (Evidence e : s.evidence()) {
                    evidence.addObject().put("what", e.what()).put("weight", e.weight());
                }
            }
        }
        List<String> warnings = new ArrayList<>(descriptorProblems);
        warnings.addAll(detection.problems());
        ArrayNode w = root.putArray("warnings");
        warnings.forEach(w::add);
        // A broken user descriptor is a stack that was not looked for: the answer may miss an application too.
        root.put("partial", !warnings.isEmpty());
        if (explain) {
            ArrayNode looked = root.putArray("lookedAt");
            detection.lookedAt().forEach(looked::add);
        }
        try {
            return mapper.writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    private void printText(Detection detection, PrintWriter out) {
        if (detection.stacks().isEmpty()) {
            out.println(
                    detection.problems().isEmpty()
                            ? "No application found."
                            : "No application found, but not everything could be read (see below).");
            out.println("Looked in " + Detector.searchLimits() + (explain ? "." : "; add --explain to see more."));
        }
        for (DetectedStack s : detection.stacks()) {
            out.println();
            out.println(Text.printable(s.displayName()
                    + (s.edition() == null ? "" : " " + s.edition())
                    + (s.version() == null ? ", version unknown" : " " + s.version())
                    + "   in " + s.installDir()));
            printComponents(s, out);
            if (explain) {
                out.println("  Why:");
                for (Evidence e : s.evidence()) {
                    out.println("    +" + e.weight() + "  " + Text.printable(e.what()));
                }
            }
        }
        if (explain) {
            out.println();
            out.println("Looked at:");
            detection.lookedAt().forEach(l -> out.println("  " + Text.printable(l)));
        }
        if (!detection.problems().isEmpty()) {
            out.println();
            out.println("Could not read everything (the answer may be incomplete):");
            detection.problems().forEach(p -> out.println("  " + Text.printable(p)));
            if (target != null && !sudo && detection.problems().stream().anyMatch(p -> p.contains("denied"))) {
                out.println("Some folders are closed to this login: add --sudo to look as root.");
            }
        }
    }

    /** What a backup does with a component: one word for the table. */
    static String saved(Component c) {
        if (c.componentClass() != ComponentClass.BACKUP) {
            return "not kept";
        }
        return switch (c.method()) {
            case "copy" -> "copied";
            case "dump" -> "dumped";
            default -> Text.printable(c.method());
        };
    }

    private static void printComponents(DetectedStack s, PrintWriter out) {
        int kindWidth = 4;
        for (Component c : s.components()) {
            kindWidth = Math.max(kindWidth, c.kind().length());
        }
        String row = "  %-14s %-" + kindWidth + "s %-8s %9s  %s%n";
        out.printf(Locale.ROOT, row, "CLASS", "KIND", "SAVED", "SIZE", "PATH");
        Map<ComponentClass, long[]> totals = new EnumMap<>(ComponentClass.class);
        for (Component c : s.components()) {
            out.printf(
                    Locale.ROOT,
                    row,
                    "[" + c.componentClass().jsonName() + "]",
                    Text.printable(c.kind()),
                    saved(c),
                    ByteSizes.human(c.sizeBytes()),
                    Text.printable(c.path()));
            long[] t = totals.computeIfAbsent(c.componentClass(), k -> new long[2]);
            t[0]++;
            t[1] += c.sizeBytes().orElse(0);
        }
        List<String> parts = new ArrayList<>();
        totals.forEach((cls, t) -> parts.add(t[0] + " " + cls.jsonName() + " (" + ByteSizes.human(t[1]) + ")"));
        out.println("  " + s.components().size() + " components: " + String.join(", ", parts));
        for (Component c : s.components()) {
            if (c.componentClass() == ComponentClass.REBUILDABLE && !c.rebuild().isEmpty()) {
                out.println("  After a restore, " + Text.printable(c.path()) + ": " + Text.printable(c.rebuild()));
            }
        }
        if (s.components().stream().anyMatch(c -> c.sizeBytes().isEmpty())) {
            out.println("  (— = not on the server, or not readable by this login)");
        }
    }
}
