package dev.tdsmock.client;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A fault in force on a listener, as {@code GET /listeners/{port}/faults} lists it and as adding one answers.
 *
 * @param id the fault's id on its listener, such as {@code "f3"}, for {@link ControlClient#removeFault} and the
 *     waits; the journal's {@code faults} name it too
 * @param type {@code delay}, {@code close}, {@code gate}, {@code login-error}, ... (README "Faults")
 * @param at the step it acts at: {@code accept}, {@code prelogin}, {@code tls-hello}, {@code login},
 *     {@code request}, {@code attention} or {@code idle}
 * @param definition the keys it was given, as a JSON object ({@code {"type": "close", "at": "login", "ending":
 *     "rst", "times": 2}})
 * @param seed the seed of its {@code probability} choices (drawn when none was given), to replay a run
 * @param fired how many times it has fired
 * @param waiting for a gate, how many connections wait at it now; null for other types
 * @param left how many more times it may fire ({@code times} minus {@code fired}); null when it has no
 *     {@code times}. A fault whose times are used up stays listed with 0 until it is removed
 */
public record FaultState(String id, String type, String at, JsonNode definition, long seed, int fired,
                         Integer waiting, Integer left) {
    /** Whether it is a gate, which {@link ControlClient#release} and {@link ControlClient#awaitWaiting} take. */
    public boolean isGate() {
        return "gate".equals(type);
    }

    static FaultState of(JsonNode json) {
        JsonNode definition = Json.object(json, "definition");
        return new FaultState(Json.text(json, "id"), Json.text(json, "type"), Json.text(json, "at"),
                definition == null ? Json.mapper().createObjectNode() : definition, Json.number(json, "seed"),
                Json.integer(json, "fired", 0), Json.integer(json, "waiting"), Json.integer(json, "left"));
    }
}
