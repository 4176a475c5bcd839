package dev.lifeboat.ui.plan;

import dev.lifeboat.engine.steps.PlannedStep;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * One step as the Plan page lists it.
 *
 * @param number its place, from 1
 * @param title what it is, for people, e.g. {@code Put the files back}
 * @param detail what exactly: the server commands (masked), one per line, e.g. {@code rsync /opt/papermerge -> …};
 *     may be empty
 * @param siteDown whether the site is down while it runs
 * @param group the part of the plan it belongs to, as the list heads it: where it runs when a plan's steps run on
 *     two servers (a migration, e.g. {@code On root@srv-b}), an upgrade's phase; else empty
 * @param firstOfGroup whether it is the first step of its group (the list says which there)
 */
public record StepRow(int number, String title, String detail, boolean siteDown, String group, boolean firstOfGroup) {

    /** The rows of {@code steps}, numbered; {@code groupOf} heads each step's group, or "" when there is one. */
    public static List<StepRow> of(List<PlannedStep> steps, Function<PlannedStep, String> groupOf) {
        List<StepRow> rows = new ArrayList<>();
        String last = "";
        for (PlannedStep s : steps) {
            String server = groupOf.apply(s);
            rows.add(new StepRow(
                    rows.size() + 1,
                    s.title(),
                    String.join("\n", s.commands()),
                    s.siteDown(),
                    server,
                    !server.isEmpty() && !server.equals(last)));
            last = server;
        }
        return rows;
    }
}
