package dev.tdsmock.diagnose;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/** The clients a diagnosing listener has seen, one entry per fingerprint, with how often and their verdicts. */
public final class SeenClients {
    /** At most this many fingerprints are kept; past it, new ones are diagnosed but not gathered. */
    private static final int MAX_CLIENTS = 1_000;
    private final ConcurrentMap<String, Seen> clients = new ConcurrentHashMap<>();

    /** One fingerprint: the first LOGIN7 names it came with, how many logins, and the verdicts. */
    public record Seen(ClientFingerprint fingerprint, AtomicLong logins, Map<String, Verdict> verdicts) {
    }

    public void record(ClientFingerprint fingerprint, Map<String, Verdict> verdicts) {
        Seen seen = clients.get(fingerprint.id());
        if (seen == null && clients.size() < MAX_CLIENTS) {
            seen = clients.computeIfAbsent(fingerprint.id(), id -> new Seen(fingerprint, new AtomicLong(),
                    java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(verdicts))));
        }
        if (seen != null) {
            seen.logins().incrementAndGet();
        }
    }

    public List<Seen> all() {
        return List.copyOf(clients.values());
    }
}
