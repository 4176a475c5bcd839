package dev.lifeboat.ui.wizard;

/**
 * One schedule as the sidebar shows it at a glance, under the wizard's steps.
 *
 * @param name the schedule's name
 * @param state a word or two, e.g. {@code next 03:00}, {@code FAILED}, {@code overdue}
 * @param tone {@code ok}, {@code waiting}, {@code paused}, {@code overdue} or {@code failed}: the dot's colour
 * @param detail what a tooltip says: what failed, or when it runs next
 */
public record SidebarSchedule(String name, String state, String tone, String detail) {}
