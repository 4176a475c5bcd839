/**
 * Progress leaves the engine through one {@link dev.lifeboat.engine.progress.ProgressListener} as sealed {@link
 * dev.lifeboat.engine.progress.WorkflowEvent} records; {@link dev.lifeboat.engine.progress.Eta} turns counts into an
 * estimate of the time left.
 */
package dev.lifeboat.engine.progress;
