package dev.lifeboat.engine.steps;

import java.util.ArrayList;
import java.util.List;

/**
 * A step as a plan shows it, before anything runs.
 *
 * @param id the id its events will carry
 * @param title for people
 * @param siteDown whether it runs while the site is down (from the step that opens the window to the one that closes
 *     it)
 * @param commands what it will run (masked)
 */
public record PlannedStep(String id, String title, boolean siteDown, List<String> commands) {
    public PlannedStep {
        commands = List.copyOf(commands);
    }

    /** The plan of a workflow's steps, children after their parent, in the order they run. */
    public static List<PlannedStep> of(List<Step> steps) {
        List<PlannedStep> out = new ArrayList<>();
        boolean down = false;
        for (Step s : steps) {
            if (s.window() == Step.Window.OPENS) {
                down = true;
            }
            out.add(new PlannedStep(s.id(), s.title(), down, s.commands()));
            for (Step c : s.children()) {
                out.add(new PlannedStep(c.id(), c.title(), down, c.commands()));
            }
            if (s.window() == Step.Window.CLOSES) {
                down = false;
            }
        }
        return out;
    }
}
