package dev.tdsmock.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * The client ports one client address has in use, as the server estimates them (KB 328476: a client that
 * closes first keeps its port in TIME_WAIT): the {@code churn} of a journal record, and
 * {@link ClientChurn#ports()}.
 *
 * @param clientTimeWait connections the client closed first within the last {@code timeWait}
 * @param open connections of the address open now
 * @param portsUsed their sum
 * @param clientPorts the ports the client has (its ephemeral range)
 * @param portsUsedPercent {@code portsUsed} as a percentage of {@code clientPorts}, to one decimal
 * @param timeWait how long a port stays in TIME_WAIT, as the server writes it ({@code "240s"})
 * @param oldestTimeWaitEnds when the oldest port in TIME_WAIT is free again, or null when none is
 */
public record ClientPorts(int clientTimeWait, int open, int portsUsed, int clientPorts, double portsUsedPercent,
                          String timeWait, Instant oldestTimeWaitEnds) {
    static ClientPorts of(JsonNode json) {
        return json == null ? null : new ClientPorts(Json.integer(json, "clientTimeWait", 0),
                Json.integer(json, "open", 0), Json.integer(json, "portsUsed", 0), Json.integer(json, "clientPorts", 0),
                Json.decimal(json, "portsUsedPercent"), Json.text(json, "timeWait"),
                Json.instant(json, "oldestTimeWaitEnds"));
    }
}
