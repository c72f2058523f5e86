package dev.tdsmock.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * One listener's counters, from {@code GET /counters}, over the connections its in-memory journal holds (a
 * cleared journal starts them again).
 *
 * @param port the listener's port
 * @param scenario the scenario it serves
 * @param connections connections in its journal, open or ended
 * @param open those still open
 * @param endings ended connections by {@code ending.kind} ({@code "CLOSE"}, {@code "RST"}, ...); a kind that
 *     did not happen is absent
 * @param churn one entry per client address
 */
public record ListenerCounters(int port, String scenario, int connections, int open, Map<String, Integer> endings,
                               List<ClientChurn> churn) {
    /** How many connections ended this way ({@code "RST"}, {@code "CLOSE"}, ...); 0 when none did. */
    public int ended(String kind) {
        return endings.getOrDefault(kind, 0);
    }

    static ListenerCounters of(JsonNode json) {
        return new ListenerCounters(Json.integer(json, "port", 0), Json.text(json, "scenario"),
                Json.integer(json, "connections", 0), Json.integer(json, "open", 0),
                Json.map(json, "endings", JsonNode::asInt), Json.list(json, "churn", ClientChurn::of));
    }
}
