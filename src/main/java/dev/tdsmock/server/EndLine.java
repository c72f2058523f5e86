package dev.tdsmock.server;

import dev.tdsmock.journal.ConnectionRecord;
import dev.tdsmock.wire.LogText;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What the console says of a connection when it ends, in one parenthesis: who logged in, the TLS version, how many
 * the upstream it went through, statements, errors, statements without an answer and faults, how long it lasted;
 * "(user 'sa', TLSv1.2, through upstream sql:1433, 3 statements, 1 error, 15 ms)". The
 * journal record has the rest.
 */
final class EndLine {
    private EndLine() {
    }

    static String summary(ConnectionRecord record) {
        List<String> parts = new ArrayList<>();
        if (record.login() != null) {
            parts.add("user '" + LogText.printable(record.login().userName()) + "'");
        }
        if (record.tls() != null) {
            parts.add(record.tls().split(" ", 2)[0]
                    + (record.tls().endsWith(TlsInstaller.LOGIN_ONLY) ? " for LOGIN7 only" : ""));
        }
        if (record.upstream() != null && record.upstream().localAddress() != null) {
            parts.add("through upstream " + record.upstream().server());
        }
        count(parts, record.statements().size(), "statement");
        count(parts, record.errors().size(), "error");
        if (record.unanswered() > 0) {
            parts.add(record.unanswered() + " without an answer (--verbose names them)");
        }
        count(parts, record.faults().size(), "fault");
        if (record.endedAt() != null) {
            parts.add(Duration.between(record.connectedAt(), record.endedAt()).toMillis() + " ms");
        }
        return "(" + String.join(", ", parts) + ")";
    }

    private static void count(List<String> parts, int count, String what) {
        if (count > 0) {
            parts.add(count + " " + what + (count == 1 ? "" : "s"));
        }
    }
}
