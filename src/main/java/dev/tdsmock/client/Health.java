package dev.tdsmock.client;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The answer to {@code GET /health}.
 *
 * @param status {@code "ok"} while the server runs
 * @param listeners how many listeners the process serves
 */
public record Health(String status, int listeners) {
    static Health of(JsonNode json) {
        return new Health(Json.text(json, "status"), Json.integer(json, "listeners", 0));
    }
}
