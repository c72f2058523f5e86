package dev.tdsmock.cli;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The command line as picocli reads it: text as given, checked and converted by {@link Options}. Each option's
 * default can come from the environment: TDS_MOCK_ and the option's name (TDS_MOCK_PORT for --port, ...), see
 * {@link EnvironmentDefaults}.
 */
@Command(name = "tds-mock", sortOptions = false, usageHelpAutoWidth = true,
        description = "A mock SQL Server endpoint (TDS and TLS) that reproduces connection failures on demand.",
        footer = {"", "Every option's default can be set in the environment: TDS_MOCK_ and the option's name in capitals,"
                + " '-' as '_' (TDS_MOCK_PORT=1444, TDS_MOCK_CONTROL_TOKEN=...); the command line wins."})
final class Arguments {
    /** --scenario, --all and --list exclude one another. */
    static final class What {
        @Option(names = "--scenario", paramLabel = "NAME|FILE",
                description = "scenario to serve: a name from the scenarios folder or a .conf file (default: healthy)")
        String scenario;

        @Option(names = "--all", description = "serve every scenario in the scenarios folder, each on its own port")
        boolean all;

        @Option(names = "--list", description = "print the scenarios (port, name, description) and exit")
        boolean list;
    }

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    What what;

    @Option(names = "--port", paramLabel = "N",
            description = "TCP port for --scenario (default: the scenario's, 1433 for healthy; 0 picks a free one)")
    String port;

    @Option(names = "--host", paramLabel = "ADDRESS",
            description = "address the scenarios listen on (default: the scenario's, 127.0.0.1)")
    String host;

    @Option(names = "--scenarios", paramLabel = "DIR", description = "folder of scenario files (default: scenarios)")
    String scenarios;

    @Option(names = "--certs", paramLabel = "DIR",
            description = "folder of the test CA and server certificates (default: certs)")
    String certs;

    @Option(names = "--journal", paramLabel = "FILE|none", description = "file the connection journal is appended"
            + " to, one JSON line per connection (default: journal/connections.jsonl)")
    String journal;

    @Option(names = "--journal-max-size", paramLabel = "SIZE", description = "size the journal file is rotated at:"
            + " FILE becomes FILE's name with .1 before its extension (connections.1.jsonl), .1 becomes .2 ..."
            + " (default: 100MiB; a number of bytes, or with a unit: 512KiB, 100MiB, 1GiB)")
    String journalMaxSize;

    @Option(names = "--journal-keep", paramLabel = "N",
            description = "rotated journal files kept, the oldest deleted (default: 5; 0 keeps none)")
    String journalKeep;

    @Option(names = "--journal-memory", paramLabel = "SIZE", description = "bytes the in-memory journals of all"
            + " listeners may hold together (estimated; what the control API answers from); past it the listener"
            + " holding the most drops its oldest records, each keeping its newest (default: 64MiB)")
    String journalMemory;

    @Option(names = "--capture", paramLabel = "DIR", description = "write a capture of each connection into DIR for"
            + " Wireshark: <port>-<id>.pcapng, with the TLS secrets inside and in <port>-<id>.keys beside it; every"
            + " scenario's capture.directory (default: none)")
    String capture;

    @Option(names = "--upstream", paramLabel = "HOST:PORT", description = "put the scenario's faults in front of"
            + " the SQL Server at HOST:PORT: logins and requests are relayed there (every scenario's upstream.host"
            + " and upstream.port; [::1]:1433 for IPv6; default: none, the listener answers itself)")
    String upstream;

    @Option(names = "--control-host", paramLabel = "ADDRESS",
            description = "address of the HTTP control API (default: 127.0.0.1)")
    String controlHost;

    @Option(names = "--control-port", paramLabel = "N", description = "port of the control API (default: 14300,"
            + " skipped with a warning when taken; 0 picks a free one; -1 turns it off)")
    String controlPort;

    @Option(names = "--control-token", paramLabel = "TOKEN", description = "token the control API requires"
            + " (Authorization: Bearer TOKEN); required (and not empty) when the control API listens beyond"
            + " loopback; an empty one on loopback means no token")
    String controlToken;

    @Option(names = "--verbose", description = "log every step of every connection (PRELOGIN, ClientHello, TLS,"
            + " LOGIN7, each request); without it the console gets one line per connection, when it ends")
    boolean verbose;

    @Option(names = "--completion", description = "print a bash completion script for tds-mock and exit"
            + " (source <(server/tds-mock --completion))")
    boolean completion;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "print this help and exit")
    boolean help;
}
