package dev.lifeboat.ui.wizard;

/** The wizard's steps in the order of DESIGN §7, as the sidebar lists them. */
public enum WizardStep {
    CONNECT("Connect"),
    DETECTED("Detected stack"),
    ACTION("Action"),
    PLAN("Plan preview"),
    RUN("Run"),
    SUMMARY("Summary");

    private final String label;

    WizardStep(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
