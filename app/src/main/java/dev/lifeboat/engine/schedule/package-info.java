/**
 * Unattended runs (issue 18, ADR 0013): schedules as values, their calendars (validated the way systemd reads them),
 * the real schedulers that fire them (a systemd user or system timer, or a crontab line: no Lifeboat daemon), the
 * record each run leaves in the state folder and the status made from it. What a fired run does is the service's
 * ({@code engine.service.Unattended}): the same workflows the window and the CLI run.
 */
package dev.lifeboat.engine.schedule;
