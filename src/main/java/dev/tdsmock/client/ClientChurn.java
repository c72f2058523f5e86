package dev.tdsmock.client;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * How one client address opened and closed connections to a listener, from {@link ControlClient#counters()}.
 *
 * @param address the client's address
 * @param opened connections it opened, in all
 * @param closed connections that ended, in all
 * @param closedFirstByClient those the client closed first (its port then waits in TIME_WAIT)
 * @param closedFirstByServer those the server closed first
 * @param refused connections refused before they were served
 * @param openedLastMinute connections opened in the last 60 s
 * @param closedLastMinute connections ended in the last 60 s
 * @param openedPerSecond {@code openedLastMinute} / 60
 * @param closedPerSecond {@code closedLastMinute} / 60
 * @param ports its client ports in use now
 */
public record ClientChurn(String address, long opened, long closed, long closedFirstByClient,
                          long closedFirstByServer, long refused, int openedLastMinute, int closedLastMinute,
                          double openedPerSecond, double closedPerSecond, ClientPorts ports) {
    static ClientChurn of(JsonNode json) {
        return new ClientChurn(Json.text(json, "address"), Json.number(json, "opened"), Json.number(json, "closed"),
                Json.number(json, "closedFirstByClient"), Json.number(json, "closedFirstByServer"),
                Json.number(json, "refused"), Json.integer(json, "openedLastMinute", 0),
                Json.integer(json, "closedLastMinute", 0), Json.decimal(json, "openedPerSecond"),
                Json.decimal(json, "closedPerSecond"), ClientPorts.of(Json.object(json, "ports")));
    }
}
