package dev.tdsmock.client;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Which journal records a call takes ({@code GET /journal}, {@code DELETE /journal}): every condition given must
 * hold; none given takes every record of every listener. Immutable:
 * {@code JournalFilter.all().withPort(1433).withClient("10.0.0.7").withSince(start)}.
 *
 * @param port the listener's port (a record's {@code listenerPort}), or null for every listener; 1 to 65535
 * @param client the client's address exactly as journalled ({@code "127.0.0.1"}), or null for any
 * @param since only connections that started at or after this instant, or null for any
 */
public record JournalFilter(Integer port, String client, Instant since) {
    private static final JournalFilter ALL = new JournalFilter(null, null, null);

    /** @throws IllegalArgumentException for a port outside 1 to 65535 or a blank client address */
    public JournalFilter {
        if (port != null && (port < 1 || port > 65535)) {
            throw new IllegalArgumentException("port " + port + " is not a port number (1 to 65535)");
        }
        if (client != null && client.isBlank()) {
            throw new IllegalArgumentException("the client address is blank");
        }
    }

    /** Every record. */
    public static JournalFilter all() {
        return ALL;
    }

    /** The records of one listener. */
    public static JournalFilter onPort(int port) {
        return ALL.withPort(port);
    }

    /** The same filter, on one listener's port only. */
    public JournalFilter withPort(int port) {
        return new JournalFilter(port, client, since);
    }

    /** The same filter, on one client address only. */
    public JournalFilter withClient(String client) {
        return new JournalFilter(port, Objects.requireNonNull(client, "client"), since);
    }

    /** The same filter, on connections accepted at or after {@code since} only. */
    public JournalFilter withSince(Instant since) {
        return new JournalFilter(port, client, Objects.requireNonNull(since, "since"));
    }

    /** The query string, {@code ""} or {@code "?port=1433&client=..."}. */
    String query() {
        List<String> parts = new ArrayList<>();
        if (port != null) {
            parts.add("port=" + port);
        }
        if (client != null) {
            parts.add("client=" + ControlHttp.query(client));
        }
        if (since != null) {
            parts.add("since=" + ControlHttp.query(since.toString()));
        }
        return parts.isEmpty() ? "" : "?" + String.join("&", parts);
    }
}
