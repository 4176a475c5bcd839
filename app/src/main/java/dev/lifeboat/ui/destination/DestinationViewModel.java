package dev.lifeboat.ui.destination;

import dev.lifeboat.engine.config.ProfileStore;
import dev.lifeboat.engine.model.DetectedStack;
import dev.lifeboat.engine.service.SiteUrls;
import dev.lifeboat.ui.connect.ConnectViewModel;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * State and decisions of a migration's target step: the new server (the Connect page's form and saved profiles,
 * reused as they are) and the site URL there. No controls here; FX thread only.
 */
public final class DestinationViewModel {
    private final ConnectViewModel form;
    private final StringProperty siteUrl = new SimpleStringProperty("");
    private final StringProperty source = new SimpleStringProperty("");
    private final ObjectProperty<DetectedStack> stack = new SimpleObjectProperty<>();
    private final StringBinding problem;
    private final BooleanBinding canConnect;

    public DestinationViewModel(ProfileStore profiles, Path home) {
        form = new ConnectViewModel(profiles, home);
        problem = Bindings.createStringBinding(
                () -> validate().orElse(""), form.problemProperty(), form.hostProperty(), siteUrl, source);
        canConnect = problem.isEmpty().and(form.connectingProperty().not());
    }

    /** The step opens for moving {@code s} away from {@code from} (e.g. {@code root@srv-a}). */
    public void open(DetectedStack s, String from) {
        stack.set(s);
        source.set(from);
        form.connectErrorProperty().set("");
        form.connectStatusProperty().set("");
        form.loadProfiles();
    }

    /** The first thing to fix, topmost field first; empty when Next may log in. */
    Optional<String> validate() {
        String p = form.problemProperty().get();
        if (!p.isEmpty()) {
            return Optional.of(p);
        }
        if (sameServer(form.hostProperty().get(), source.get())) {
            return Optional.of("That is the server " + appName() + " runs on now (" + source.get()
                    + "): choose the new one. To put a snapshot back here, go Back and choose Restore.");
        }
        return SiteUrls.problem(siteUrl.get());
    }

    /** Whether {@code host} names the server of {@code where} ({@code user@host[:port]}). */
    static boolean sameServer(String host, String where) {
        if (host == null || where == null || host.isBlank() || where.isBlank()) {
            return false;
        }
        String h = where.substring(where.indexOf('@') + 1).replaceFirst(":\\d+$", "");
        return h.toLowerCase(Locale.ROOT).equals(host.strip().toLowerCase(Locale.ROOT));
    }

    private String appName() {
        return stack.get() == null ? "the application" : stack.get().displayName();
    }

    /** The site URL to write, or null to keep the settings as they are. */
    public String siteUrlOrNull() {
        String u = siteUrl.get() == null ? "" : siteUrl.get().strip();
        return u.isEmpty() ? null : u;
    }

    /** The Connect page's form: host, port, user, way of signing in, key file, saved profiles, connect state. */
    public ConnectViewModel form() {
        return form;
    }

    public StringProperty siteUrlProperty() {
        return siteUrl;
    }

    public StringProperty sourceProperty() {
        return source;
    }

    public ObjectProperty<DetectedStack> stackProperty() {
        return stack;
    }

    /** The first problem of the step, or "" when Next may log in. */
    public StringBinding problemProperty() {
        return problem;
    }

    /** True when Next may log in to the new server. */
    public BooleanBinding canConnectProperty() {
        return canConnect;
    }
}
