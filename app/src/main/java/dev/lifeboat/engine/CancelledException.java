package dev.lifeboat.engine;

/** The work stopped because the user cancelled it (a {@link CancelToken} or a thread interrupt). CLI exit 130. */
public class CancelledException extends EngineException {
    private static final long serialVersionUID = 1L;

    public CancelledException(String userMessage) {
        super(userMessage);
    }
}
