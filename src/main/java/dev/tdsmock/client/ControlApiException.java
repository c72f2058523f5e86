package dev.tdsmock.client;

/**
 * The control API answered a call with a 4xx or 5xx status. {@link #status()} is the HTTP status (400 a bad
 * call, 401 a missing or wrong token, 404 no such listener or fault, 405 a wrong method, 415 a call that
 * changes something without {@code Content-Type: application/json}, 421 a refused {@code Host}, 500 a failure
 * inside the server); {@link #error()} is the server's own text, the {@code error} of its
 * {@code {"error": "..."}} answer (or the whole body when it was not that shape).
 */
public final class ControlApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String error;
    private final String call;

    /**
     * @param call the method and path, such as {@code "PUT /listeners/1433/scenario"}
     * @param status the HTTP status, 400 to 599
     * @param error the server's error text
     */
    public ControlApiException(String call, int status, String error) {
        super(call + " -> " + status + ": " + error);
        this.call = call;
        this.status = status;
        this.error = error;
    }

    /** The HTTP status the server answered with. */
    public int status() {
        return status;
    }

    /** The server's error text, as it gave it. */
    public String error() {
        return error;
    }

    /** The method and path of the call, such as {@code "DELETE /listeners/1433/faults/f3"}. */
    public String call() {
        return call;
    }
}
