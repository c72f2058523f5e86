package dev.tdsmock.client;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What one port serves now, from {@code GET /listeners} and {@code GET /listeners/{port}}, and the answer to a
 * scenario switch or a settings change.
 *
 * @param port the TCP port the listener accepts TDS connections on
 * @param host the address it listens on, such as {@code "127.0.0.1"} or {@code "0.0.0.0"}
 * @param scenario the name of the scenario it serves
 * @param source where that scenario came from (its name, or the file given on the command line)
 * @param description the scenario's one-line description
 * @param faults how many faults are in force on it (see {@link ControlClient#faults(int)})
 * @param upstream the SQL Server it relays logins and requests to ({@code "sql:1433"}), or null when it answers itself
 * @param settingsChanged the settings changed at run time, as a nested JSON object ({@code {"login":
 *     {"database": "orders"}}}), empty when none; a scenario switch forgets them
 */
public record ListenerState(int port, String host, String scenario, String source, String description, int faults,
                            String upstream, JsonNode settingsChanged) {
    static ListenerState of(JsonNode json) {
        JsonNode settings = Json.object(json, "settingsChanged");
        return new ListenerState(Json.integer(json, "port", 0), Json.text(json, "host"), Json.text(json, "scenario"),
                Json.text(json, "source"), Json.text(json, "description"), Json.integer(json, "faults", 0),
                Json.text(json, "upstream"), settings == null ? Json.mapper().createObjectNode() : settings);
    }
}
