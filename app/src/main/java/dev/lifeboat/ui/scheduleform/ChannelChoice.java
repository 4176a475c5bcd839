package dev.lifeboat.ui.scheduleform;

import dev.lifeboat.engine.notify.Channel;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * A notification channel the schedule form offers: a saved one, or the desktop channel the form makes when it saves.
 * FX thread only.
 */
public final class ChannelChoice {
    private final Channel channel;
    private final boolean saved;
    private final BooleanProperty chosen = new SimpleBooleanProperty();
    private final StringProperty tested = new SimpleStringProperty("");

    ChannelChoice(Channel channel, boolean saved, boolean chosen) {
        this.channel = channel;
        this.saved = saved;
        this.chosen.set(chosen);
    }

    public Channel channel() {
        return channel;
    }

    public String name() {
        return channel.name();
    }

    /** Where it tells, for people. */
    public String description() {
        return channel.describe() + (saved ? "" : " (new)");
    }

    /** Whether it is saved already; else saving the schedule saves it first. */
    public boolean saved() {
        return saved;
    }

    public BooleanProperty chosenProperty() {
        return chosen;
    }

    /** What the last test said, e.g. {@code sent}; empty before one. */
    public StringProperty testedProperty() {
        return tested;
    }
}
