package dev.tdsmock.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A client of a tds-mock control API running elsewhere (a container, a shared QA host): scenarios, settings,
 * faults, the connection journal and the counters, as typed values. README "Control API" describes each call.
 *
 * <pre>{@code
 * ControlClient control = ControlClient.of(URI.create("http://127.0.0.1:14300"), System.getenv("TDS_MOCK_CONTROL_TOKEN"));
 * FaultState fault = control.addFault(1433, Map.of("type", "close", "at", "login", "ending", "rst"));
 * ...
 * control.removeFault(1433, fault.id());
 * }</pre>
 *
 * <p>Every call waits at most the call timeout (10 s unless {@link #withTimeout(Duration)} says otherwise; the
 * waits on a fault, their own timeout plus that). Every call:
 * <ul>
 *   <li>throws {@link ControlApiException} when the server answers 4xx or 5xx (its status and its error text);</li>
 *   <li>throws {@link UncheckedIOException} when the API cannot be reached or does not answer in time (an
 *       {@link java.net.http.HttpTimeoutException} as cause), or the thread is interrupted (an
 *       {@link java.io.InterruptedIOException} as cause, the interrupt flag set again).</li>
 * </ul>
 * Calls that change something send {@code Content-Type: application/json}, as the API requires. The client is
 * immutable and safe to share between threads.
 */
public final class ControlClient {
    /** The call timeout unless one is given. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    private final ControlHttp http;

    private ControlClient(ControlHttp http) {
        this.http = http;
    }

    /**
     * A client of the API at {@code baseUri} that sends no token (the API on loopback without one).
     *
     * @param baseUri {@code http://host:port}, optionally with a path prefix in front of the API's paths; the
     *     host must be one the API takes in {@code Host} (a loopback address, or its {@code --control-host}; any
     *     on a wildcard address with a token)
     * @throws IllegalArgumentException when it is not an absolute http or https URI with a host
     */
    public static ControlClient of(URI baseUri) {
        return new ControlClient(new ControlHttp(checked(baseUri), Optional.empty(), DEFAULT_TIMEOUT));
    }

    /**
     * A client that sends {@code Authorization: Bearer <token>} on every call.
     *
     * @param token the API's token ({@code --control-token}, {@code TDS_MOCK_CONTROL_TOKEN}); null for none
     * @throws IllegalArgumentException when the URI is not usable (see {@link #of(URI)}) or the token is blank
     */
    public static ControlClient of(URI baseUri, String token) {
        if (token != null && token.isBlank()) {
            throw new IllegalArgumentException("the token is blank: give the API's token, or null for none");
        }
        return new ControlClient(new ControlHttp(checked(baseUri), Optional.ofNullable(token), DEFAULT_TIMEOUT));
    }

    /**
     * The same client with another call timeout: how long each call may take, connecting included.
     *
     * @throws IllegalArgumentException when it is not above zero
     */
    public ControlClient withTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the timeout " + timeout + " is not above zero");
        }
        return new ControlClient(new ControlHttp(http.base(), http.token(), timeout));
    }

    private static URI checked(URI baseUri) {
        Objects.requireNonNull(baseUri, "baseUri");
        String scheme = baseUri.getScheme();
        if (!baseUri.isAbsolute() || baseUri.getHost() == null
                || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
            throw new IllegalArgumentException("the control API's address is http://host:port, not " + baseUri);
        }
        if (baseUri.getRawQuery() != null || baseUri.getRawFragment() != null) {
            throw new IllegalArgumentException("the control API's address takes no query or fragment: " + baseUri);
        }
        return baseUri;
    }

    /** The API's address, as given. */
    public URI baseUri() {
        return http.base();
    }

    /** {@code GET /health}: needs no token. */
    public Health health() {
        return Health.of(http.get("/health"));
    }

    /** {@code GET /ca.pem}: the test CA's certificate, PEM text, for clients that validate the server's; needs no token. */
    public String caPem() {
        return http.send("GET", "/ca.pem", null, http.timeout(), Set.of()).body();
    }

    /**
     * {@code GET /journal/{id}/capture?port=N}: connection {@code id}'s capture on listener {@code port}, a pcapng
     * file with the TLS secrets inside (capture.directory must have been set when it connected).
     *
     * @throws ControlApiException 404 when the connection or its capture is not there
     */
    public byte[] capture(int port, long id) {
        return http.send("GET", "/journal/" + id + "/capture?port=" + port, null, http.timeout(), Set.of()).bytes();
    }

    /**
     * {@code GET /journal/{id}/keys?port=N}: the TLS secret of that connection's handshake, in the NSS key log format
     * Wireshark reads.
     *
     * @throws ControlApiException 404 when there is none (no TLS, no capture)
     */
    public String captureKeys(int port, long id) {
        return http.send("GET", "/journal/" + id + "/keys?port=" + port, null, http.timeout(), Set.of()).body();
    }

    /**
     * {@code POST /listeners/{port}/capture}: captures the listener's new connections into {@code directory} (a
     * folder on the server's machine), as capture.directory does.
     */
    public void startCapture(int port, String directory) {
        Objects.requireNonNull(directory, "directory");
        http.change("POST", listenerPath(port) + "/capture", Json.write(Map.of("directory", directory)));
    }

    /** {@code DELETE /listeners/{port}/capture}: the listener's new connections are no longer captured. */
    public void stopCapture(int port) {
        http.delete(listenerPath(port) + "/capture");
    }

    /** {@code GET /scenarios}: every scenario the server can serve. */
    public List<ScenarioSummary> scenarios() {
        return Json.list(http.get("/scenarios"), ScenarioSummary::of);
    }

    /** {@code GET /listeners}: what each port serves now. */
    public List<ListenerState> listeners() {
        return Json.list(http.get("/listeners"), ListenerState::of);
    }

    /**
     * {@code GET /listeners/{port}}.
     *
     * @throws ControlApiException 404 when no listener is on that port
     */
    public ListenerState listener(int port) {
        return ListenerState.of(http.get(listenerPath(port)));
    }

    /**
     * {@code PUT /listeners/{port}/scenario}: serves another scenario on the port for new connections (open ones
     * keep theirs), forgetting earlier setting changes.
     *
     * @param scenario a scenario name (letters, digits, {@code -}, {@code _}), never a path
     * @return the listener after the switch
     * @throws ControlApiException 400 for a name that is no scenario, 404 for no listener on the port
     */
    public ListenerState switchScenario(int port, String scenario) {
        Objects.requireNonNull(scenario, "scenario");
        return ListenerState.of(http.change("PUT", listenerPath(port) + "/scenario",
                Json.write(Map.of("scenario", scenario))));
    }

    /**
     * {@code PATCH /listeners/{port}/settings}: changes settings of the scenario served there, for new
     * connections; earlier changes stay unless changed again.
     *
     * @param changes settings by their path in scenario-defaults.conf, such as
     *     {@code Map.of("login.database", "orders", "limits.idle-timeout", "10s")}; values are strings, numbers,
     *     booleans, lists or maps, never null
     * @return the listener after the change
     * @throws ControlApiException 400 naming the setting that is unknown or out of range (nothing changes then)
     */
    public ListenerState changeSettings(int port, Map<String, ?> changes) {
        Objects.requireNonNull(changes, "changes");
        return ListenerState.of(http.change("PATCH", listenerPath(port) + "/settings", Json.write(changes)));
    }

    /** {@code POST /listeners/{port}/accept/pause}: stops the accept workers of a listen-backlog or slow-accept listener. */
    public void pauseAccepting(int port) {
        http.change("POST", listenerPath(port) + "/accept/pause", null);
    }

    /** {@code POST /listeners/{port}/accept/resume}: starts them again. */
    public void resumeAccepting(int port) {
        http.change("POST", listenerPath(port) + "/accept/resume", null);
    }

    /** {@code GET /listeners/{port}/faults}: the faults in force, oldest first (the order they act in). */
    public List<FaultState> faults(int port) {
        return Json.list(http.get(faultsPath(port)), FaultState::of);
    }

    /**
     * {@code GET /listeners/{port}/faults/{id}}.
     *
     * @throws ControlApiException 404 when there is no such fault
     */
    public FaultState fault(int port, String id) {
        return FaultState.of(http.get(faultPath(port, id)));
    }

    /**
     * {@code POST /listeners/{port}/faults}: adds one fault after those in force.
     *
     * @param fault the keys of a scenario file's {@code faults} entry: {@code Map.of("type", "close", "at",
     *     "login", "ending", "rst", "times", 2)}; nested {@code match} as a map
     * @return the fault as installed, with its {@code id}
     * @throws ControlApiException 400 naming the key that is wrong
     */
    public FaultState addFault(int port, Map<String, ?> fault) {
        Objects.requireNonNull(fault, "fault");
        return addFault(port, Json.write(fault));
    }

    /**
     * The same, with the fault as a JSON object: {@code {"type": "delay", "at": "login", "for": "3s"}}.
     *
     * @throws ControlApiException 400 when it is not a JSON object or a key is wrong
     */
    public FaultState addFault(int port, String faultJson) {
        Objects.requireNonNull(faultJson, "faultJson");
        return FaultState.of(http.change("POST", faultsPath(port), faultJson));
    }

    /**
     * {@code DELETE /listeners/{port}/faults/{id}}: connections that arrive at its step from now on do not meet
     * it; a gate lets its waiting connections through.
     *
     * @throws ControlApiException 404 when there is no such fault
     */
    public void removeFault(int port, String id) {
        http.delete(faultPath(port, id));
    }

    /** {@code DELETE /listeners/{port}/faults}: removes every fault; returns how many there were. */
    public int removeFaults(int port) {
        return Json.integer(http.delete(faultsPath(port)), "removed", 0);
    }

    /**
     * {@code GET /listeners/{port}/faults/{id}/fired?atLeast=N&timeout=T}: waits on the server until the fault
     * has fired at least {@code atLeast} times.
     *
     * @param atLeast 1 or more
     * @param timeout how long the server waits, at most 10 minutes, to the millisecond
     * @return true once it has fired that often, false when it had not by the timeout (the server's 408)
     * @throws ControlApiException 404 when there is no such fault, 400 for a count below 1 or a timeout above
     *     10 minutes
     */
    public boolean awaitFired(int port, String id, int atLeast, Duration timeout) {
        return await(faultPath(port, id) + "/fired", atLeast, timeout);
    }

    /**
     * {@code GET /listeners/{port}/faults/{id}/waiting?atLeast=N&timeout=T}, on a gate: waits until at least
     * {@code atLeast} connections are held there.
     *
     * @return true once they are, false when they were not by the timeout (the server's 408)
     * @throws ControlApiException 400 when the fault is not a gate, 404 when there is no such fault
     */
    public boolean awaitWaiting(int port, String id, int atLeast, Duration timeout) {
        return await(faultPath(port, id) + "/waiting", atLeast, timeout);
    }

    private boolean await(String path, int atLeast, Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("the timeout " + timeout + " is negative");
        }
        ControlHttp.Answer answer = http.send("GET", path + "?atLeast=" + atLeast + "&timeout=" + timeout.toMillis()
                + "ms", null, timeout.plus(http.timeout()), Set.of(408));
        return answer.status() != 408;
    }

    /**
     * {@code POST /listeners/{port}/faults/{id}/release}, on a gate: lets the {@code count} longest-waiting
     * connections through.
     *
     * @param count 0 or more
     * @throws ControlApiException 400 when the fault is not a gate or the count is below 0
     */
    public GateRelease release(int port, String id, int count) {
        return GateRelease.of(http.change("POST", faultPath(port, id) + "/release",
                Json.write(Map.of("count", count))));
    }

    /** The same for every connection waiting at the gate. */
    public GateRelease releaseAll(int port, String id) {
        return GateRelease.of(http.change("POST", faultPath(port, id) + "/release", null));
    }

    /** {@code GET /journal}: every listener's recorded connections, each listener's oldest first. */
    public List<JournalRecord> journal() {
        return journal(JournalFilter.all());
    }

    /** {@code GET /journal?port=&client=&since=}: the recorded connections the filter takes. */
    public List<JournalRecord> journal(JournalFilter filter) {
        Objects.requireNonNull(filter, "filter");
        return Json.list(http.get("/journal" + filter.query()), JournalRecord::of);
    }

    /**
     * {@code DELETE /journal?port=&client=&since=}: forgets the records the filter takes (every one with
     * {@link JournalFilter#all()}; a filter on the port alone also clears that listener's churn counters).
     *
     * @return how many records were removed
     */
    public int clearJournal(JournalFilter filter) {
        Objects.requireNonNull(filter, "filter");
        return Json.integer(http.delete("/journal" + filter.query()), "cleared", 0);
    }

    /** {@code GET /counters}: per listener, its connections, the open ones, endings by kind and churn per client. */
    public List<ListenerCounters> counters() {
        return Json.list(http.get("/counters"), ListenerCounters::of);
    }

    /**
     * The whole answer of a GET this client has no method for, as JSON (a newer server's call).
     *
     * @param path the path and query, such as {@code "/listeners/1433"}
     */
    public JsonNode get(String path) {
        Objects.requireNonNull(path, "path");
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("the path starts with /: " + path);
        }
        return http.get(path);
    }

    private static String listenerPath(int port) {
        return "/listeners/" + port;
    }

    private static String faultsPath(int port) {
        return listenerPath(port) + "/faults";
    }

    private static String faultPath(int port, String id) {
        Objects.requireNonNull(id, "id");
        return faultsPath(port) + "/" + ControlHttp.segment(id);
    }

    @Override
    public String toString() {
        return "tds-mock control API at " + http.base() + (http.token().isPresent() ? " (with a token)" : "");
    }
}
