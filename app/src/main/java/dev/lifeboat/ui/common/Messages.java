package dev.lifeboat.ui.common;

import dev.lifeboat.engine.EngineException;

/** The words a page shows for a failure. */
public final class Messages {
    private Messages() {}

    /**
     * What went wrong, for the page: the engine's own explanation (it says what to do), else the error itself (a bug,
     * which the user can quote).
     */
    public static String of(Throwable error) {
        return error instanceof EngineException && error.getMessage() != null
                ? error.getMessage()
                : String.valueOf(error);
    }
}
