package dev.lifeboat.engine.steps;

import dev.lifeboat.engine.EngineException;
import java.util.List;
import java.util.Objects;

/**
 * One step of a workflow, as a value: what it is called, what it will do (the plan's commands), how it runs, what
 * undoes it, and whether the site goes down when it begins or is up again when it ends. A workflow is a list of steps
 * that one {@link Runner} executes; the plan preview ({@link PlannedStep#of}), the Run page's step list and the fault
 * matrix's boundaries are read from the same list, so a new step shows in all of them without anyone adding it.
 *
 * @param id stable, lower-case; the id of its events ({@code preflight}, {@code stop}, {@code dump:mariadb} ...)
 * @param title for people
 * @param commands what it will run, as the plan shows it (masked)
 * @param window whether the site goes down when it starts ({@link Window#OPENS}) or is up when it ends ({@link
 *     Window#CLOSES})
 * @param action the work
 * @param undo what puts things back after a later failure or a cancel, or null (called also when the step itself
 *     failed half-way: an undo must handle a partly done step)
 * @param children steps that this step's own action runs, for instance side by side ({@link
 *     StepContext#runChild}); listed in the plan after it
 */
public record Step(
        String id, String title, List<String> commands, Window window, Action action, Undo undo, List<Step> children) {

    public Step {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(action, "action");
        commands = List.copyOf(commands);
        children = List.copyOf(children);
    }

    /** A step that changes nothing about the site's state. */
    public static Step of(String id, String title, Action action) {
        return new Step(id, title, List.of(), Window.NONE, action, null, List.of());
    }

    public Step commands(List<String> commands) {
        return new Step(id, title, commands, window, action, undo, children);
    }

    /** The site goes down when this step begins (its first container is stopped). */
    public Step opensWindow() {
        return new Step(id, title, commands, Window.OPENS, action, undo, children);
    }

    /** The site is up again when this step ends well (a passing health check). */
    public Step closesWindow() {
        return new Step(id, title, commands, Window.CLOSES, action, undo, children);
    }

    public Step undo(Undo undo) {
        return new Step(id, title, commands, window, action, undo, children);
    }

    public Step children(List<Step> children) {
        return new Step(id, title, commands, window, action, undo, children);
    }

    /** Where a step stands to the site's downtime window. */
    public enum Window {
        NONE,
        OPENS,
        CLOSES
    }

    /** A step's work. Blocks; honours {@link StepContext#cancel()}. */
    @FunctionalInterface
    public interface Action {
        Done run(StepContext ctx) throws EngineException;
    }

    /** Puts back what a step did, after a later failure or a cancel. */
    @FunctionalInterface
    public interface Undo {
        void undo(StepContext ctx) throws EngineException;
    }

    /**
     * How a step ended.
     *
     * @param outcome ok, failed (the run goes on: a difference to report, an unhealthy site) or skipped
     * @param summary for people: what it did, what failed, or why it was skipped
     */
    public record Done(Outcome outcome, String summary) {
        public static Done ok(String summary) {
            return new Done(Outcome.OK, summary);
        }

        public static Done ok() {
            return ok("");
        }

        /** The step failed but the run goes on (the failure is a result: counts that differ, an unhealthy site). */
        public static Done failed(String message) {
            return new Done(Outcome.FAILED, message);
        }

        public static Done skipped(String reason) {
            return new Done(Outcome.SKIPPED, reason);
        }

        public boolean isOk() {
            return outcome == Outcome.OK;
        }
    }

    public enum Outcome {
        OK,
        FAILED,
        SKIPPED
    }
}
