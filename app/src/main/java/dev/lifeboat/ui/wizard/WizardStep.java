package dev.lifeboat.ui.wizard;

/**
 * The wizard's steps in the order of DESIGN §7, as the sidebar lists them, and the Schedules area below them (issue
 * 18), which is no numbered step: the schedule form and the Schedules view mark it.
 */
public enum WizardStep {
    CONNECT("Connect"),
    DETECTED("Detected stack"),
    ACTION("Action"),
    PLAN("Plan preview"),
    RUN("Run"),
    SUMMARY("Summary"),
    SCHEDULES("Schedules");

    private final String label;

    WizardStep(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Whether the sidebar lists it as a numbered step of the wizard (the Schedules area is not one). */
    public boolean numbered() {
        return this != SCHEDULES;
    }
}
