package dev.tdsmock.scenario;

/** A scenario that cannot be found or read; the message names the file and the setting. */
public class ScenarioException extends RuntimeException {
    public ScenarioException(String message, Throwable cause) {
        super(message, cause);
    }

    public ScenarioException(String message) {
        super(message);
    }
}
