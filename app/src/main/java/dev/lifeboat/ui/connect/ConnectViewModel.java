package dev.lifeboat.ui.connect;

import dev.lifeboat.engine.EngineException;
import dev.lifeboat.engine.config.ProfileStore;
import dev.lifeboat.engine.model.AuthMethod;
import dev.lifeboat.engine.model.ConnectionProfile;
import dev.lifeboat.engine.model.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * State and decisions of the Connect page: the form, its validation and the saved profiles. Holds no {@code Node};
 * unit-tested without a window. All methods run on the FX thread.
 */
public final class ConnectViewModel {
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._-]+|\\[?[0-9A-Fa-f:.]+\\]?");
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9._][A-Za-z0-9._-]*");

    private final StringProperty host = new SimpleStringProperty("");
    private final StringProperty port = new SimpleStringProperty(String.valueOf(Target.DEFAULT_SSH_PORT));
    private final StringProperty user = new SimpleStringProperty("");
    private final ObjectProperty<AuthMethod> auth = new SimpleObjectProperty<>(AuthMethod.KEY_FILE);
    private final StringProperty keyFile = new SimpleStringProperty("");
    private final BooleanProperty saveProfile = new SimpleBooleanProperty(false);
    private final StringProperty profileName = new SimpleStringProperty("");
    private final StringProperty storeError = new SimpleStringProperty("");
    private final ObservableList<ConnectionProfile> profiles = FXCollections.observableArrayList();
    private final BooleanProperty connecting = new SimpleBooleanProperty(false);
    private final StringProperty connectStatus = new SimpleStringProperty("");
    private final StringProperty connectError = new SimpleStringProperty("");

    private final StringBinding problem;
    private final BooleanBinding valid;
    private final BooleanBinding canConnect;
    private final ProfileStore store;

    public ConnectViewModel(ProfileStore store, Path home) {
        this.store = store;
        this.keyFile.set(defaultKeyFile(home).map(Path::toString).orElse(""));
        this.problem = Bindings.createStringBinding(
                () -> validate().orElse(""), host, port, user, auth, keyFile, saveProfile, profileName);
        this.valid = problem.isEmpty();
        this.canConnect = valid.and(connecting.not());
    }

    /** A connection attempt to {@code p} started. */
    public void connecting(ConnectionProfile p) {
        connectError.set("");
        connectStatus.set("Connecting to " + p.address() + " …");
        connecting.set(true);
    }

    /** The attempt succeeded. */
    public void connected() {
        connecting.set(false);
        connectStatus.set("");
    }

    /** The attempt failed; {@code error} says why and what to do. */
    public void connectFailed(Throwable error) {
        connecting.set(false);
        connectStatus.set("");
        connectError.set(errorMessage(error));
    }

    /** The user cancelled the attempt. */
    public void connectCancelled() {
        connecting.set(false);
        connectStatus.set("Cancelled. Nothing was changed on the server.");
    }

    /** The words shown for a failed attempt: the engine's own explanation, or a pointer to the log. */
    static String errorMessage(Throwable error) {
        if (error instanceof EngineException) {
            return error.getMessage();
        }
        return "Unexpected error: " + error + ". Details are in the log (~/.local/state/lifeboat/logs/lifeboat.log).";
    }

    /**
     * The first thing wrong with the form, in words a person can act on, or empty when it is complete. Checked in
     * the order the fields appear, so the message points at the topmost field to fix.
     */
    Optional<String> validate() {
        String h = host.get().strip();
        if (h.isEmpty()) {
            return Optional.of("Enter the server's host name, address or ~/.ssh/config alias.");
        }
        if (!HOST.matcher(h).matches()) {
            return Optional.of("'" + h + "' is not a host name: use letters, digits, dots and dashes, or an address.");
        }
        String p = port.get().strip();
        if (!p.matches("\\d{1,5}") || Integer.parseInt(p) < 1 || Integer.parseInt(p) > 65535) {
            return Optional.of("The port must be a number from 1 to 65535 (SSH uses 22).");
        }
        String u = user.get().strip();
        if (u.isEmpty()) {
            return Optional.of("Enter the user name to log in as.");
        }
        if (!USER.matcher(u).matches()) {
            return Optional.of("'" + u + "' is not a valid user name.");
        }
        if (auth.get() == AuthMethod.KEY_FILE) {
            String k = keyFile.get().strip();
            if (k.isEmpty()) {
                return Optional.of("Choose the private key file to log in with.");
            }
            Path key = Path.of(k);
            if (!Files.isRegularFile(key)) {
                return Optional.of("The key file " + k + " does not exist.");
            }
            if (!Files.isReadable(key)) {
                return Optional.of("The key file " + k + " cannot be read: check its permissions.");
            }
        }
        if (saveProfile.get() && profileName.get().isBlank()) {
            return Optional.of("Give the profile a name, or untick \"Save as profile\".");
        }
        return Optional.empty();
    }

    /** Reads the saved profiles; on failure keeps the list empty and says why in {@link #storeErrorProperty()}. */
    public void loadProfiles() {
        try {
            profiles.setAll(store.list());
            storeError.set("");
        } catch (EngineException e) {
            profiles.clear();
            storeError.set(e.getMessage());
        }
    }

    /** Fills the form from a saved profile. */
    public void apply(ConnectionProfile p) {
        host.set(p.host());
        port.set(String.valueOf(p.port()));
        user.set(p.user());
        auth.set(p.auth());
        if (p.auth() == AuthMethod.KEY_FILE) {
            keyFile.set(p.keyFile());
        }
        profileName.set(p.name());
        saveProfile.set(false);
    }

    /** Empties the form for a new server, keeping the default key file. */
    public void clear(Path home) {
        host.set("");
        port.set(String.valueOf(Target.DEFAULT_SSH_PORT));
        user.set("");
        auth.set(AuthMethod.KEY_FILE);
        keyFile.set(defaultKeyFile(home).map(Path::toString).orElse(""));
        profileName.set("");
        saveProfile.set(false);
    }

    /** The form as a profile; call only when {@link #validProperty()} is true. */
    public ConnectionProfile toProfile() {
        String name = profileName.get().isBlank()
                ? user.get().strip() + "@" + host.get().strip()
                : profileName.get().strip();
        return new ConnectionProfile(
                name,
                host.get().strip(),
                Integer.parseInt(port.get().strip()),
                user.get().strip(),
                auth.get(),
                auth.get() == AuthMethod.KEY_FILE ? keyFile.get().strip() : "");
    }

    /** Saves the form as a profile when the user asked for it; returns whether it saved. */
    public boolean saveIfAsked() {
        if (!saveProfile.get() || !valid.get()) {
            return false;
        }
        try {
            store.save(toProfile());
            loadProfiles();
            return true;
        } catch (EngineException e) {
            storeError.set(e.getMessage());
            return false;
        }
    }

    /** Deletes a saved profile. */
    public void delete(ConnectionProfile p) {
        try {
            store.delete(p.name());
            loadProfiles();
        } catch (EngineException e) {
            storeError.set(e.getMessage());
        }
    }

    /** The usual OpenSSH default key, newest algorithm first, if the user has one. */
    static Optional<Path> defaultKeyFile(Path home) {
        for (String name : List.of("id_ed25519", "id_ecdsa", "id_rsa")) {
            Path p = home.resolve(".ssh").resolve(name);
            if (Files.isRegularFile(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    public StringProperty hostProperty() {
        return host;
    }

    public StringProperty portProperty() {
        return port;
    }

    public StringProperty userProperty() {
        return user;
    }

    public ObjectProperty<AuthMethod> authProperty() {
        return auth;
    }

    public StringProperty keyFileProperty() {
        return keyFile;
    }

    public BooleanProperty saveProfileProperty() {
        return saveProfile;
    }

    public StringProperty profileNameProperty() {
        return profileName;
    }

    public StringProperty storeErrorProperty() {
        return storeError;
    }

    public ObservableList<ConnectionProfile> profiles() {
        return profiles;
    }

    /** The first problem of the form, or "" when valid. */
    public StringBinding problemProperty() {
        return problem;
    }

    /** True while a connection attempt runs. */
    public BooleanProperty connectingProperty() {
        return connecting;
    }

    /** What the running attempt is doing, or what became of it; "" when idle. */
    public StringProperty connectStatusProperty() {
        return connectStatus;
    }

    /** Why the last attempt failed; "" when it did not. */
    public StringProperty connectErrorProperty() {
        return connectError;
    }

    /** True when Next may start a connection: the form is complete and no attempt runs. */
    public BooleanBinding canConnectProperty() {
        return canConnect;
    }

    /** True when the form is complete and Next may proceed. */
    public BooleanBinding validProperty() {
        return valid;
    }
}
