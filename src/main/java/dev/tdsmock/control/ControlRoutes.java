package dev.tdsmock.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigUtil;
import dev.tdsmock.certs.CertificateStore;
import dev.tdsmock.journal.ChurnCounters;
import dev.tdsmock.journal.ConnectionRecord;
import dev.tdsmock.journal.JournalJson;
import dev.tdsmock.scenario.Scenario;
import dev.tdsmock.server.TdsServer;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/** The control API's calls; see README. */
final class ControlRoutes {
    private final Listeners listeners;
    private final CertificateStore certificates;

    /** An HTTP answer before it is written. */
    /** An answer: its status, content type and body bytes (text in UTF-8). */
    record Reply(HttpResponseStatus status, String contentType, byte[] body) {
        Reply(HttpResponseStatus status, String contentType, String text) {
            this(status, contentType, text.getBytes(StandardCharsets.UTF_8));
        }

        static Reply json(Object value) {
            return new Reply(HttpResponseStatus.OK, "application/json", ControlHandler.json(value));
        }

        static Reply error(HttpResponseStatus status, String message) {
            return new Reply(status, "application/json", ControlHandler.json(Map.of("error", String.valueOf(message))));
        }
    }

    ControlRoutes(Listeners listeners, CertificateStore certificates) {
        this.listeners = listeners;
        this.certificates = certificates;
    }

    /** Calls anyone may make, token or not: the health check and the public CA certificate. */
    static boolean isOpen(String uri) {
        String path = new QueryStringDecoder(uri).path();
        return path.equals("/health") || path.equals("/ca.pem");
    }

    /**
     * Answers at once, except the waits on a fault (until it fired, until connections wait at a gate), which
     * answer when the condition holds or the time is up.
     */
    CompletableFuture<Reply> handle(FullHttpRequest request) throws JsonProcessingException {
        QueryStringDecoder query = new QueryStringDecoder(request.uri());
        String[] path = query.path().replaceAll("^/+|/+$", "").split("/");
        requireKnownParameters(query, path);
        if (path.length == 5 && path[0].equals("listeners") && path[2].equals("faults")
                && (path[4].equals("fired") || path[4].equals("waiting"))) {
            if (!request.method().equals(HttpMethod.GET)) {
                return CompletableFuture.completedFuture(Reply.error(HttpResponseStatus.METHOD_NOT_ALLOWED, "use GET"));
            }
            TdsServer server = existing(port(path[1])).server();
            return path[4].equals("fired") ? FaultRoutes.awaitFired(server, path[3], query)
                    : FaultRoutes.awaitWaiting(server, path[3], query);
        }
        return CompletableFuture.completedFuture(answer(request));
    }

    /**
     * A query parameter the call does not take is a 400 naming it, never ignored: a mistyped filter on
     * {@code DELETE /journal} would otherwise clear every record.
     */
    private static void requireKnownParameters(QueryStringDecoder query, String[] path) {
        Set<String> taken;
        if (path[0].equals("journal")) {
            taken = JOURNAL_PARAMETERS;
        } else if (path.length == 5 && path[0].equals("listeners") && path[2].equals("faults")
                && (path[4].equals("fired") || path[4].equals("waiting"))) {
            taken = WAIT_PARAMETERS;
        } else {
            taken = Set.of();
        }
        for (String name : query.parameters().keySet()) {
            if (!taken.contains(name)) {
                throw new IllegalArgumentException("unknown query parameter '" + name + "': " + (taken.isEmpty()
                        ? "this call takes none" : "this call takes " + String.join(", ", new TreeSet<>(taken))));
            }
        }
    }

    private static final Set<String> JOURNAL_PARAMETERS = Set.of("port", "client", "since");
    private static final Set<String> WAIT_PARAMETERS = Set.of("atLeast", "timeout");

    private Reply answer(FullHttpRequest request) throws JsonProcessingException {
        QueryStringDecoder query = new QueryStringDecoder(request.uri());
        String[] path = query.path().replaceAll("^/+|/+$", "").split("/");
        HttpMethod method = request.method();
        String body = request.content().toString(StandardCharsets.UTF_8);
        switch (path[0]) {
            case "health":
                return only(method, HttpMethod.GET, () -> Reply.json(Map.of("status", "ok",
                        "listeners", listeners.all().size())));
            case "ca.pem":
                return only(method, HttpMethod.GET, () -> new Reply(HttpResponseStatus.OK, "application/x-pem-file",
                        read(certificates.caPem())));
            case "scenarios":
                return only(method, HttpMethod.GET, this::scenarios);
            case "listeners":
                return listenerCall(method, path, body);
            case "journal":
                if (path.length == 3 && (path[2].equals("capture") || path[2].equals("keys"))) {
                    return only(method, HttpMethod.GET, () -> capture(path[1], path[2].equals("keys"), query));
                }
                if (method.equals(HttpMethod.DELETE)) {
                    return clearJournal(query);
                }
                return only(method, HttpMethod.GET, () -> journal(query));
            case "counters":
                return only(method, HttpMethod.GET, this::counters);
            case "diagnose":
                if (path.length > 2) {
                    throw new NoSuchElementException("no such call: " + query.path());
                }
                return only(method, HttpMethod.GET, () -> diagnosed(path.length == 2 ? path[1] : null));
            default:
                throw new NoSuchElementException("no such call: " + query.path());
        }
    }

    private interface Call {
        Reply answer() throws JsonProcessingException;
    }

    private static Reply only(HttpMethod method, HttpMethod allowed, Call call) throws JsonProcessingException {
        if (!method.equals(allowed)) {
            return Reply.error(HttpResponseStatus.METHOD_NOT_ALLOWED, "use " + allowed);
        }
        return call.answer();
    }

    private Reply scenarios() {
        ArrayNode all = JournalJson.mapper().createArrayNode();
        for (String name : listeners.loader().names()) {
            Scenario scenario = listeners.loader().load(name);
            all.addObject().put("name", name).put("port", scenario.listener().port())
                    .put("description", scenario.description());
        }
        return Reply.json(all);
    }

    private Reply listenerCall(HttpMethod method, String[] path, String body) throws JsonProcessingException {
        if (path.length == 1) {
            return only(method, HttpMethod.GET, this::listenerList);
        }
        int port = port(path[1]);
        String action = path.length > 2 ? String.join("/", List.of(path).subList(2, path.length)) : "";
        if (path.length > 2 && path[2].equals("faults")) {
            return FaultRoutes.handle(existing(port).server(), method, path.length > 3 ? path[3] : null,
                    path.length > 4 ? String.join("/", List.of(path).subList(4, path.length)) : null, body);
        }
        switch (action) {
            case "":
                return only(method, HttpMethod.GET, () -> Reply.json(describe(existing(port))));
            case "scenario":
                return only(method, HttpMethod.PUT, () -> {
                    Map<String, Object> request = object(body);
                    Object name = request.get("scenario");
                    if (!(name instanceof String scenario)) {
                        throw new IllegalArgumentException("the body needs {\"scenario\": \"NAME\"}");
                    }
                    listeners.switchScenario(port, scenario);
                    return Reply.json(describe(existing(port)));
                });
            case "settings":
                return only(method, HttpMethod.PATCH, () -> {
                    Map<String, Object> changes = object(body);
                    if (changes.keySet().stream().anyMatch(key -> key.equals("faults") || key.startsWith("faults."))) {
                        throw new IllegalArgumentException("faults are not settings: add them with POST /listeners/"
                                + port + "/faults and remove them with DELETE /listeners/" + port + "/faults/{id}");
                    }
                    listeners.changeSettings(port, settings(changes));
                    return Reply.json(describe(existing(port)));
                });
            case "capture":
                return capture(method, port, body);
            case "accept/pause":
                return only(method, HttpMethod.POST, () -> {
                    existing(port).server().pauseAccepting();
                    return Reply.json(Map.of("port", port, "accepting", false));
                });
            case "accept/resume":
                return only(method, HttpMethod.POST, () -> {
                    existing(port).server().resumeAccepting();
                    return Reply.json(Map.of("port", port, "accepting", true));
                });
            default:
                throw new NoSuchElementException("no such call on a listener: " + action);
        }
    }

    /**
     * {@code /listeners/{port}/capture}, a shorthand for the capture.directory setting: {@code GET} what it is,
     * {@code POST {"directory": "DIR"}} turns captures on for new connections, {@code POST {"directory": null}} or
     * {@code DELETE} turns them off; each answers {@code {"port": N, "directory": "DIR" | null}}.
     */
    private Reply capture(HttpMethod method, int port, String body) throws JsonProcessingException {
        if (method.equals(HttpMethod.POST)) {
            Map<String, Object> request = object(body);
            if (!request.containsKey("directory") || request.size() != 1
                    || !(request.get("directory") == null || request.get("directory") instanceof String)) {
                throw new IllegalArgumentException("the body needs {\"directory\": \"DIR\"} to capture into DIR, or"
                        + " {\"directory\": null} to stop");
            }
            Object directory = request.get("directory");
            if (directory != null) {
                requireWritableFolder(Path.of((String) directory).toAbsolutePath());
            }
            listeners.changeSettings(port, settings(Map.of("capture.directory", directory == null ? "" : directory)));
        } else if (method.equals(HttpMethod.DELETE)) {
            listeners.changeSettings(port, settings(Map.of("capture.directory", "")));
        } else if (!method.equals(HttpMethod.GET)) {
            return Reply.error(HttpResponseStatus.METHOD_NOT_ALLOWED, "use GET, POST or DELETE");
        }
        ObjectNode state = JournalJson.mapper().createObjectNode().put("port", port);
        existing(port).server().scenario().capture().directory().ifPresentOrElse(
                directory -> state.put("directory", directory.toString()), () -> state.putNull("directory"));
        return Reply.json(state);
    }

    /** A capture folder that exists (made when missing) and takes files, or a 400 saying why not. */
    private static void requireWritableFolder(Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("cannot capture into " + directory + ": " + e.getMessage(), e);
        }
        if (!Files.isDirectory(directory) || !Files.isWritable(directory)) {
            throw new IllegalArgumentException("cannot capture into " + directory + ": not a folder this server can"
                    + " write to");
        }
    }

    private Reply listenerList() {
        ArrayNode all = JournalJson.mapper().createArrayNode();
        listeners.all().forEach(entry -> all.add(describe(entry)));
        return Reply.json(all);
    }

    private Listeners.Entry existing(int port) {
        return listeners.at(port).orElseThrow(() -> new NoSuchElementException("no listener on port " + port));
    }

    private static ObjectNode describe(Listeners.Entry entry) {
        Scenario scenario = entry.server().scenario();
        ObjectNode json = JournalJson.mapper().createObjectNode();
        json.put("port", entry.server().port());
        json.put("host", entry.server().address().getHostString());
        json.put("scenario", scenario.name());
        json.put("source", entry.source());
        json.put("description", scenario.description());
        json.put("faults", entry.server().faults().all().size());
        json.put("upstream", scenario.upstream().enabled() ? scenario.upstream().address() : null);
        try {
            json.set("settingsChanged", JournalJson.mapper().readTree(
                    entry.overrides().root().render(ConfigRenderOptions.concise())));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return json;
    }

    private Reply journal(QueryStringDecoder query) {
        Predicate<ConnectionRecord> wanted = filter(query);
        ArrayNode records = JournalJson.mapper().createArrayNode();
        for (Listeners.Entry entry : listeners.all()) {
            entry.server().journal().records().stream().filter(wanted).map(JournalJson::toJson).forEach(records::add);
        }
        return Reply.json(records);
    }

    /**
     * {@code GET /journal/{id}/capture} (application/x-pcapng) and {@code GET /journal/{id}/keys} (the NSS key
     * log, text/plain): the files of connection {@code id}'s capture. Ids count per listener: {@code ?port=N} picks
     * the listener when two have the id.
     */
    private Reply capture(String id, boolean keys, QueryStringDecoder query) {
        if (!id.matches("[0-9]{1,18}")) {
            throw new IllegalArgumentException("'" + id + "' is not a connection id (the journal record's id)");
        }
        matchesPort(query, 0); // a bad port is a 400
        List<ConnectionRecord> found = new ArrayList<>();
        for (Listeners.Entry entry : listeners.all()) {
            entry.server().journal().records().stream()
                    .filter(r -> r.id() == Long.parseLong(id) && matchesPort(query, r.listenerPort()))
                    .forEach(found::add);
        }
        if (found.isEmpty()) {
            throw new NoSuchElementException("no connection " + id + " in the journal" + (query.parameters()
                    .containsKey("port") ? " of port " + query.parameters().get("port").get(0) : ""));
        }
        if (found.size() > 1) {
            throw new IllegalArgumentException("connection " + id + " is on several listeners ("
                    + found.stream().map(r -> Integer.toString(r.listenerPort())).toList()
                    + "): say which with ?port=N");
        }
        ConnectionRecord record = found.get(0);
        if (record.capture() == null) {
            throw new NoSuchElementException("connection " + id + " has no capture (capture.directory was not set"
                    + " when it connected, or its file could not be written: the server's log says why)");
        }
        Path pcap = Path.of(record.capture());
        Path file = keys
                ? pcap.resolveSibling(pcap.getFileName().toString().replaceFirst("\\.pcapng$", ".keys")) : pcap;
        try {
            if (Files.size(file) > MAX_CAPTURE_BYTES) {
                return Reply.error(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, file + " is larger than "
                        + MAX_CAPTURE_BYTES + " bytes: read it from the disk");
            }
            return new Reply(HttpResponseStatus.OK, keys ? "text/plain" : "application/x-pcapng",
                    Files.readAllBytes(file));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new NoSuchElementException(keys ? "connection " + id + " has no TLS secrets (no TLS, or a handshake"
                    + " that ended before its secrets were made)" : "the capture " + file + " is gone");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file + ": " + e, e);
        }
    }

    /** The largest capture the API hands out: larger ones are read from the disk. */
    private static final long MAX_CAPTURE_BYTES = 64L * 1024 * 1024;

    /** Removes the records the filters take (all of them without filters); the churn counters go with a whole port's. */
    private Reply clearJournal(QueryStringDecoder query) {
        Predicate<ConnectionRecord> wanted = filter(query);
        boolean whole = !query.parameters().containsKey("client") && !query.parameters().containsKey("since");
        int cleared = 0;
        for (Listeners.Entry entry : listeners.all()) {
            if (matchesPort(query, entry.server().port())) {
                cleared += entry.server().journal().removeIf(wanted);
                if (whole) {
                    entry.server().churn().clear();
                }
            }
        }
        return Reply.json(Map.of("cleared", cleared));
    }

    /** @throws IllegalArgumentException for a port that is not a number from 1 to 65535 (a 400) */
    private static boolean matchesPort(QueryStringDecoder query, int port) {
        List<String> ports = query.parameters().get("port");
        if (ports == null) {
            return true;
        }
        for (String text : ports) {
            if (!text.matches("[0-9]{1,5}") || Integer.parseInt(text) < 1 || Integer.parseInt(text) > 65535) {
                throw new IllegalArgumentException("port '" + text + "' is not a port number (1 to 65535)");
            }
        }
        return ports.contains(Integer.toString(port));
    }

    /** ?client=ADDRESS, ?port=N (the listener's), ?since=ISO-8601 instant; all optional. */
    private static Predicate<ConnectionRecord> filter(QueryStringDecoder query) {
        matchesPort(query, 0); // a bad port is a 400 even when no record is there to filter
        Predicate<ConnectionRecord> wanted = record -> matchesPort(query, record.listenerPort());
        List<String> clients = query.parameters().get("client");
        if (clients != null) {
            wanted = wanted.and(record -> clients.contains(record.clientAddress()));
        }
        List<String> since = query.parameters().get("since");
        if (since != null) {
            Instant from = instant(since.get(0));
            wanted = wanted.and(record -> !record.connectedAt().isBefore(from));
        }
        return wanted;
    }

    private static Instant instant(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("since '" + text + "' is not an ISO-8601 instant such as "
                    + "2026-01-31T12:00:00Z");
        }
    }

    /**
     * {@code GET /diagnose}: every client fingerprint the diagnosing listeners have seen, with a verdict per
     * scenario: {@code {"clients": [{"fingerprint", "application", "library", "tdsVersion", "strict",
     * "clientHello", "seen", "listener", "verdicts"}]}}; {@code GET /diagnose/{fingerprint}} one of them (404 when
     * none has that fingerprint).
     */
    private Reply diagnosed(String fingerprint) {
        ObjectNode json = JournalJson.mapper().createObjectNode();
        ArrayNode clients = json.putArray("clients");
        for (Listeners.Entry entry : listeners.all()) {
            for (dev.tdsmock.diagnose.SeenClients.Seen seen : entry.server().seenClients().all()) {
                dev.tdsmock.diagnose.ClientFingerprint client = seen.fingerprint();
                if (fingerprint != null && !fingerprint.equals(client.id())) {
                    continue;
                }
                ObjectNode one = clients.addObject();
                one.put("fingerprint", client.id());
                one.put("application", client.application());
                one.put("library", client.library());
                one.put("tdsVersion", client.tdsVersion() == null ? null
                        : String.format("0x%08X", client.tdsVersion()));
                one.put("strict", client.strict());
                one.put("clientHello", client.hello() == null ? null : client.hello().summary());
                one.put("seen", seen.logins().get());
                one.put("listener", entry.server().port());
                one.set("verdicts", JournalJson.verdicts(seen.verdicts()));
            }
        }
        if (fingerprint != null) {
            if (clients.isEmpty()) {
                throw new NoSuchElementException("no client with the fingerprint " + fingerprint + " was diagnosed");
            }
            return Reply.json(clients.get(0));
        }
        return Reply.json(json);
    }

    private Reply counters() {
        ArrayNode all = JournalJson.mapper().createArrayNode();
        for (Listeners.Entry entry : listeners.all()) {
            TdsServer server = entry.server();
            ObjectNode json = all.addObject();
            json.put("port", server.port());
            json.put("scenario", server.scenario().name());
            List<ConnectionRecord> records = server.journal().records();
            json.put("connections", records.size());
            json.put("open", records.stream().filter(r -> !r.isEnded()).count());
            ObjectNode endings = json.putObject("endings");
            records.stream().filter(r -> r.ending() != null && r.isEnded()).forEach(
                    r -> endings.put(r.ending().kind().name(), endings.path(r.ending().kind().name()).asInt() + 1));
            ArrayNode churn = json.putArray("churn");
            for (ChurnCounters.Snapshot snapshot : server.churn().all()) {
                churn.add(JournalJson.churn(snapshot));
            }
        }
        return Reply.json(all);
    }

    private static int port(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a port number");
        }
    }

    /** The body as a JSON object; an IllegalArgumentException for anything else ({@code null}, an array). */
    private static Map<String, Object> object(String body) throws JsonProcessingException {
        Map<String, Object> object = body.isBlank() ? null
                : JournalJson.mapper().readValue(body, new TypeReference<Map<String, Object>>() { });
        if (object == null) {
            throw new IllegalArgumentException("this call needs a JSON object as its body");
        }
        return object;
    }

    /**
     * Setting changes by path ({@code "limits.idle-timeout": "10s"}); a path HOCON cannot read ({@code ""},
     * {@code "a..b"}) is an IllegalArgumentException. The values are checked when the scenario is read again.
     */
    private static Config settings(Map<String, Object> changes) {
        if (changes.isEmpty()) {
            throw new IllegalArgumentException("the body names no setting: {\"setting.path\": value, ...}");
        }
        for (Map.Entry<String, Object> change : changes.entrySet()) {
            String key = change.getKey();
            try {
                ConfigUtil.splitPath(key);
            } catch (ConfigException e) {
                throw new IllegalArgumentException("'" + key + "' is not a setting path such as limits.idle-timeout");
            }
            requireFinite(key, change.getValue());
        }
        try {
            return ConfigFactory.parseMap(changes);
        } catch (ConfigException e) {
            throw new IllegalArgumentException("the settings cannot be read: " + e.getMessage());
        }
    }

    /**
     * A number too large for a double (1e400, or an integer of 400 digits) becomes infinity in the settings: no
     * setting takes it, and a text setting would keep it as "Infinity", which the listener's description cannot
     * write back as JSON.
     */
    private static void requireFinite(String key, Object value) {
        if (value instanceof Number number && !Double.isFinite(number.doubleValue())) {
            throw new IllegalArgumentException("'" + key + "' is not a finite number");
        }
        if (value instanceof Map<?, ?> object) {
            object.forEach((name, inner) -> requireFinite(key + "." + name, inner));
        } else if (value instanceof List<?> list) {
            list.forEach(inner -> requireFinite(key, inner));
        }
    }

    private static String read(java.nio.file.Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
