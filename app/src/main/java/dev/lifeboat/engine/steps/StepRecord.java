package dev.lifeboat.engine.steps;

/**
 * How one step of a run went, for the snapshot's manifest and the reports.
 *
 * @param outcome {@code ok}, {@code failed} or {@code skipped}
 */
public record StepRecord(String id, String title, long millis, String outcome, String summary) {}
