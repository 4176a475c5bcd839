package dev.lifeboat.engine.remote;

import dev.lifeboat.engine.EngineException;
import java.util.List;

/** The server rejected every way Lifeboat tried to log in. {@link #methodsTried()} says which. */
public class AuthenticationException extends EngineException {
    private static final long serialVersionUID = 1L;
    private final List<String> methodsTried;

    public AuthenticationException(String userAtHost, List<String> methodsTried, Throwable cause) {
        super(
                "Login as " + userAtHost + " failed. Tried: "
                        + (methodsTried.isEmpty()
                                ? "nothing (no key, agent or password available)"
                                : String.join(", ", methodsTried))
                        + ".",
                cause);
        this.methodsTried = List.copyOf(methodsTried);
    }

    /** Human descriptions of the methods tried, in order, e.g. {@code "key /home/u/.ssh/id_ed25519"}. */
    public List<String> methodsTried() {
        return methodsTried;
    }
}
