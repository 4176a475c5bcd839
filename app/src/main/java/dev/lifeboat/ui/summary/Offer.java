package dev.lifeboat.ui.summary;

import java.util.Objects;

/**
 * What the Summary page offers to do next, beside its report: e.g. after a backup, "Back up every night".
 *
 * @param title the card's title, e.g. {@code Back up every night}
 * @param text one or two sentences saying what it does
 * @param button the button's text
 * @param action what the button does (FX thread)
 */
public record Offer(String title, String text, String button, Runnable action) {
    public Offer {
        Objects.requireNonNull(action, "action");
    }
}
