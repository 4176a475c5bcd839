/**
 * Telling the admin (issue 18, ADR 0013): named channels configured once ({@link Channel}), a notifier per kind (the
 * desktop's notifications, e-mail over SMTP, a healthchecks-style ping URL, ntfy), the message a run sends ({@link
 * Notice}) and the one dispatcher ({@link Dispatch}) that tells every channel, retries briefly, and turns a channel
 * that cannot be reached into a warning: a notifier never fails or delays a backup.
 */
package dev.lifeboat.engine.notify;
