package dev.tdsmock.client;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The answer to letting connections through a gate fault ({@code POST /listeners/{port}/faults/{id}/release}).
 *
 * @param released how many connections went on
 * @param waiting how many still wait at the gate
 */
public record GateRelease(int released, int waiting) {
    static GateRelease of(JsonNode json) {
        return new GateRelease(Json.integer(json, "released", 0), Json.integer(json, "waiting", 0));
    }
}
