package dev.tdsmock.faults;

import dev.tdsmock.wire.Login7;

/**
 * A connection arriving at a step, as faults see it.
 *
 * @param connectionId the connection's id in the listener's journal
 * @param clientAddress the client's IP address, e.g. "127.0.0.1"
 * @param login the client's LOGIN7, or null before it has arrived
 */
public record Arrival(Step step, long connectionId, String clientAddress, Login7 login) {
}
