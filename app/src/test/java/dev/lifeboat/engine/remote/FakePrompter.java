package dev.lifeboat.engine.remote;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A {@link Prompter} with fixed answers that records what it was asked. */
public final class FakePrompter implements Prompter {
    private final String password;
    private final String passphrase;
    private final boolean trustUnknownKeys;
    private final long thinkMillis;
    public final List<String> asked = new ArrayList<>();

    private FakePrompter(String password, String passphrase, boolean trustUnknownKeys) {
        this(password, passphrase, trustUnknownKeys, 0);
    }

    private FakePrompter(String password, String passphrase, boolean trustUnknownKeys, long thinkMillis) {
        this.password = password;
        this.passphrase = passphrase;
        this.trustUnknownKeys = trustUnknownKeys;
        this.thinkMillis = thinkMillis;
    }

    /** Trusts unknown host keys after thinking that long, as a person comparing fingerprints might. */
    public static FakePrompter trustingAfter(java.time.Duration think) {
        return new FakePrompter(null, null, true, think.toMillis());
    }

    public static FakePrompter refusing() {
        return new FakePrompter(null, null, false);
    }

    public static FakePrompter withPassword(String password) {
        return new FakePrompter(password, null, false);
    }

    public static FakePrompter withPassphrase(String passphrase) {
        return new FakePrompter(null, passphrase, false);
    }

    public static FakePrompter trusting() {
        return new FakePrompter(null, null, true);
    }

    @Override
    public synchronized Optional<char[]> password(String userAtHost, String promptText) {
        asked.add("password " + userAtHost);
        return Optional.ofNullable(password).map(String::toCharArray);
    }

    @Override
    public synchronized Optional<char[]> passphrase(Path keyFile) {
        asked.add("passphrase " + keyFile.getFileName());
        return Optional.ofNullable(passphrase).map(String::toCharArray);
    }

    @Override
    public synchronized Optional<char[]> sudoPassword(String userAtHost) {
        asked.add("sudo " + userAtHost);
        return Optional.ofNullable(password).map(String::toCharArray);
    }

    @Override
    public synchronized boolean confirmUnknownHostKey(HostKeyInfo key) {
        asked.add("hostkey " + key.fingerprint());
        if (thinkMillis > 0) {
            try {
                Thread.sleep(thinkMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return trustUnknownKeys;
    }
}
