package dev.lifeboat.cli;

import dev.lifeboat.engine.CancelToken;
import dev.lifeboat.engine.service.Lifeboat;
import dev.lifeboat.engine.store.Verifier;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code verify SNAPSHOT}: re-checks every digest of a snapshot and names what differs. */
@Command(
        name = "verify",
        mixinStandardHelpOptions = true,
        description = "Re-read a snapshot and check every dump and file against its manifest and index.")
final class VerifyCommand implements Callable<Integer> {
    private final Lifeboat lifeboat;

    VerifyCommand(Lifeboat lifeboat) {
        this.lifeboat = lifeboat;
    }

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SNAPSHOT", description = "A snapshot folder, or the id 'snapshots' prints.")
    String snapshot;

    @picocli.CommandLine.Mixin
    StoreOption storeOption = new StoreOption();

    @Option(names = "--json", description = "Print one JSON document.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Lifeboat lb = storeOption.lifeboat(lifeboat);
        // A damaged snapshot is verified too: that is how to learn everything that differs.
        Path s = lb.store().find(snapshot).path();
        PrintWriter out = spec.commandLine().getOut();
        Verifier.Result r = lb.verify(s, b -> {}, CancelToken.NONE);
        r.warnings().forEach(w -> spec.commandLine().getErr().println("lifeboat: warning: " + Text.printable(w)));
        spec.commandLine().getErr().flush();
        if (json) {
            com.fasterxml.jackson.databind.ObjectMapper m = new com.fasterxml.jackson.databind.ObjectMapper();
            var n = m.createObjectNode()
                    .put("snapshot", s.toString())
                    .put("ok", r.ok())
                    .put("files", r.files())
                    .put("bytes", r.bytes())
                    .put("dumps", r.dumps());
            var p = n.putArray("problems");
            r.problems().forEach(p::add);
            var w = n.putArray("warnings");
            r.warnings().forEach(w::add);
            out.println(n.toString());
        } else if (r.ok()) {
            out.println("OK: " + s + " is intact (" + r.dumps() + " dumps, " + r.files() + " files, " + r.bytes()
                    + " bytes read).");
        } else {
            out.println("FAILED: " + s + " differs from its manifest:");
            r.problems().forEach(p -> out.println("  " + p.replaceAll("\\p{Cntrl}", "?")));
        }
        out.flush();
        return r.ok() ? ExitCodes.OK : ExitCodes.FAILED;
    }
}
