package dev.tdsmock.client;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A scenario the server can serve, from {@code GET /scenarios}: one file of its scenario directory or one packaged
 * with tds-mock.
 *
 * @param name the name to give {@link ControlClient#switchScenario(int, String)}
 * @param port the port its file names ({@code listener.port}), where {@code --all} serves it
 * @param description what it reproduces, one line
 */
public record ScenarioSummary(String name, int port, String description) {
    static ScenarioSummary of(JsonNode json) {
        return new ScenarioSummary(Json.text(json, "name"), Json.integer(json, "port", 0),
                Json.text(json, "description"));
    }
}
