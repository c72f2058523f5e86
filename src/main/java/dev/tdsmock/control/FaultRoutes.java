package dev.tdsmock.control;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.tdsmock.faults.FaultReader;
import dev.tdsmock.faults.InstalledFault;
import dev.tdsmock.faults.types.GateFault;
import dev.tdsmock.journal.JournalJson;
import dev.tdsmock.server.TdsServer;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The calls on a listener's faults: {@code /listeners/{port}/faults[/{id}[/fired|/waiting|/release]]}. A fault is given with the
 * keys of a scenario's {@code faults} entry, as JSON (or HOCON).
 */
final class FaultRoutes {
    private static final Duration LONGEST_WAIT = Duration.ofMinutes(10);
    /** Deeper than any fault nests; see {@link #checkNesting}. */
    private static final int MAX_NESTING = 32;

    private FaultRoutes() {
    }

    /**
     * @param id the fault's id, or null for the whole list
     * @param action the path after the id ({@code release}), or null
     */
    static ControlRoutes.Reply handle(TdsServer server, HttpMethod method, String id, String action, String body) {
        if (action != null) {
            if (!action.equals("release")) {
                throw new NoSuchElementException("no such call on a fault: " + action + "; there are /fired, /waiting"
                        + " and /release");
            }
            if (!method.equals(HttpMethod.POST)) {
                return ControlRoutes.Reply.error(HttpResponseStatus.METHOD_NOT_ALLOWED, "use POST");
            }
            return release(server, id, body);
        }
        if (id == null) {
            if (method.equals(HttpMethod.GET)) {
                ArrayNode all = JournalJson.mapper().createArrayNode();
                server.faults().all().forEach(fault -> all.add(describe(fault)));
                return ControlRoutes.Reply.json(all);
            }
            if (method.equals(HttpMethod.POST)) {
                if (body.isBlank()) {
                    throw new IllegalArgumentException("the body needs one fault, e.g. {\"type\": \"close\", "
                            + "\"at\": \"login\", \"ending\": \"rst\"}");
                }
                InstalledFault added = server.faults().add(FaultReader.read(parse(body)));
                return new ControlRoutes.Reply(HttpResponseStatus.CREATED, "application/json",
                        ControlHandler.json(describe(added)));
            }
            if (method.equals(HttpMethod.DELETE)) {
                return ControlRoutes.Reply.json(Map.of("removed", server.faults().clear()));
            }
            return ControlRoutes.Reply.error(HttpResponseStatus.METHOD_NOT_ALLOWED, "use GET, POST or DELETE");
        }
        if (method.equals(HttpMethod.GET)) {
            return ControlRoutes.Reply.json(describe(existing(server, id)));
        }
        if (method.equals(HttpMethod.DELETE)) {
            if (!server.faults().remove(id)) {
                throw new NoSuchElementException("no fault " + id + " on port " + server.port());
            }
            return ControlRoutes.Reply.json(Map.of("removed", id));
        }
        return ControlRoutes.Reply.error(HttpResponseStatus.METHOD_NOT_ALLOWED, "use GET or DELETE");
    }

    /** {@code ?atLeast=N&timeout=10s}: 200 once the fault fired N times (default 1), 408 when the time is up. */
    static CompletableFuture<ControlRoutes.Reply> awaitFired(TdsServer server, String id, QueryStringDecoder query) {
        InstalledFault fault = existing(server, id);
        int atLeast = count(parameter(query, "atLeast", "1"));
        return await(fault, fault.firedAtLeast(atLeast), query,
                () -> "fault " + id + " fired " + fault.fired() + " times, not " + atLeast);
    }

    /** {@code ?atLeast=N&timeout=10s} on a gate: 200 once N connections wait there (default 1), 408 when the time is up. */
    static CompletableFuture<ControlRoutes.Reply> awaitWaiting(TdsServer server, String id, QueryStringDecoder query) {
        InstalledFault fault = existing(server, id);
        GateFault.Gate gate = gate(fault);
        int atLeast = count(parameter(query, "atLeast", "1"));
        return await(fault, gate.waitingAtLeast(atLeast), query,
                () -> gate.waiting() + " connections wait at gate " + id + ", not " + atLeast);
    }

    private static CompletableFuture<ControlRoutes.Reply> await(InstalledFault fault, CompletableFuture<Integer> until,
                                                                QueryStringDecoder query, Supplier<String> notYet) {
        String given = parameter(query, "timeout", "10s");
        Duration timeout = duration(given);
        if (timeout.compareTo(LONGEST_WAIT) > 0) {
            until.cancel(false);
            throw new IllegalArgumentException("timeout '" + given + "' is longer than " + LONGEST_WAIT.toMinutes()
                    + " minutes");
        }
        return until.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .handle((reached, failure) -> {
                    ObjectNode json = describe(fault);
                    if (failure == null) {
                        return ControlRoutes.Reply.json(json);
                    }
                    json.put("error", notYet.get() + ", within " + timeout.toMillis() + " ms");
                    return new ControlRoutes.Reply(HttpResponseStatus.REQUEST_TIMEOUT, "application/json",
                            ControlHandler.json(json));
                });
    }

    /** The body {"count": N} lets the N longest-waiting connections through; without a body, every one. */
    private static ControlRoutes.Reply release(TdsServer server, String id, String body) {
        GateFault.Gate gate = gate(existing(server, id));
        int released;
        if (body.isBlank()) {
            released = gate.releaseAll();
        } else {
            Config given = parse(body);
            if (!given.hasPath("count")) {
                throw new IllegalArgumentException("the body is {\"count\": N}, or nothing to let every connection through");
            }
            int count = given.getInt("count");
            if (count < 0) {
                throw new IllegalArgumentException("'count' " + count + " is below 0");
            }
            released = gate.release(count);
        }
        return ControlRoutes.Reply.json(Map.of("released", released, "waiting", gate.waiting()));
    }

    private static GateFault.Gate gate(InstalledFault fault) {
        if (fault.fault() instanceof GateFault.Gate gate) {
            return gate;
        }
        throw new IllegalArgumentException("fault " + fault.id() + " is a " + fault.definition().type()
                + " fault, not a gate");
    }

    static ObjectNode describe(InstalledFault fault) {
        ObjectNode json = JournalJson.mapper().createObjectNode();
        json.put("id", fault.id());
        json.put("type", fault.definition().type());
        json.put("at", fault.definition().at().key());
        json.set("definition", JournalJson.mapper().valueToTree(fault.definition().given()));
        json.put("seed", fault.definition().activation().seed());
        json.put("fired", fault.fired());
        if (fault.fault() instanceof GateFault.Gate gate) {
            json.put("waiting", gate.waiting());
        }
        Integer left = fault.left();
        if (left == null) {
            json.putNull("left");
        } else {
            json.put("left", left);
        }
        return json;
    }

    private static InstalledFault existing(TdsServer server, String id) {
        return server.faults().get(id).orElseThrow(() -> new NoSuchElementException("no fault " + id + " on port "
                + server.port()));
    }

    private static String parameter(QueryStringDecoder query, String name, String otherwise) {
        List<String> values = query.parameters().get(name);
        return values == null || values.isEmpty() ? otherwise : values.get(0);
    }

    /**
     * The fault in the body: a JSON object (HOCON is for scenario files, not for the API: no includes, no
     * substitutions), its keys taken as they are. An IllegalArgumentException says what is wrong.
     */
    private static Config parse(String body) {
        checkNesting(body);
        Map<String, Object> object;
        try {
            object = body.isBlank() ? null
                    : JournalJson.mapper().readValue(body, new TypeReference<Map<String, Object>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("a fault is a JSON object such as {\"type\": \"delay\", \"at\": "
                    + "\"login\", \"for\": \"5s\"}" + (e instanceof com.fasterxml.jackson.databind.exc
                    .MismatchedInputException ? "" : ": " + e.getOriginalMessage()));
        }
        if (object == null) {
            throw new IllegalArgumentException("this call needs a JSON object as its body: the fault");
        }
        try {
            return ConfigValueFactory.fromMap(plain(object)).toConfig();
        } catch (ConfigException e) {
            throw new IllegalArgumentException("not a fault object: " + e.getMessage(), e);
        }
    }

    /** JSON's numbers as HOCON takes them: whole numbers as long, others as double; too large is refused. */
    private static Map<String, Object> plain(Map<String, Object> object) {
        Map<String, Object> plain = new java.util.LinkedHashMap<>();
        object.forEach((key, value) -> plain.put(key, plainValue(key, value)));
        return plain;
    }

    @SuppressWarnings("unchecked")
    private static Object plainValue(String key, Object value) {
        if (value instanceof java.math.BigInteger || value instanceof java.math.BigDecimal) {
            double number = ((Number) value).doubleValue();
            if (!Double.isFinite(number)) {
                throw new IllegalArgumentException("'" + key + "' is not a finite number");
            }
            return number;
        }
        if (value instanceof Double number && !Double.isFinite(number)) {
            throw new IllegalArgumentException("'" + key + "' is not a finite number");
        }
        if (value instanceof Map<?, ?> inner) {
            return plain((Map<String, Object>) inner);
        }
        if (value instanceof List<?> list) {
            return list.stream().map(item -> plainValue(key, item)).toList();
        }
        return value;
    }

    /**
     * Refuses objects and arrays nested deeper than {@link #MAX_NESTING} (a fault needs two levels, for
     * {@code match}) before HOCON's parser, which recurses once per level, sees them. Strings (quoted and
     * triple-quoted) and comments are passed over, as the parser passes over them.
     */
    private static void checkNesting(String body) {
        int depth = 0;
        int at = 0;
        while (at < body.length()) {
            char c = body.charAt(at);
            if (body.startsWith("\"\"\"", at)) {
                int end = body.indexOf("\"\"\"", at + 3);
                at = end < 0 ? body.length() : end + 3;
                while (at < body.length() && body.charAt(at) == '"') {
                    at++;
                }
                continue;
            }
            if (c == '"') {
                at++;
                while (at < body.length() && body.charAt(at) != '"' && body.charAt(at) != '\n') {
                    at += body.charAt(at) == '\\' ? 2 : 1;
                }
            } else if (c == '#' || body.startsWith("//", at)) {
                int end = body.indexOf('\n', at);
                at = end < 0 ? body.length() : end;
            } else if (c == '{' || c == '[') {
                if (++depth > MAX_NESTING) {
                    throw new IllegalArgumentException("not a fault object: it nests more than " + MAX_NESTING
                            + " levels deep at character " + at);
                }
            } else if (c == '}' || c == ']') {
                depth--;
            }
            at++;
        }
    }

    private static int count(String text) {
        try {
            int count = Integer.parseInt(text);
            if (count >= 1) {
                return count;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new IllegalArgumentException("atLeast '" + text + "' is not a count of 1 or more");
    }

    private static Duration duration(String text) {
        try {
            return ConfigFactory.parseMap(Map.of("timeout", text)).getDuration("timeout");
        } catch (ConfigException e) {
            throw new IllegalArgumentException("timeout '" + text + "' is not a duration such as 10s or 500ms");
        }
    }
}
