package dev.tdsmock.cli;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import dev.tdsmock.control.ControlApi;
import dev.tdsmock.journal.JournalFile;
import dev.tdsmock.journal.JournalMemory;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** The command line, parsed. */
record Options(String scenario, boolean all, boolean list, OptionalInt port, Optional<String> host,
               Path scenarioDirectory, Path certificateDirectory, Optional<Path> journal,
               JournalFile.Rotation journalRotation, long journalMemory, String controlHost,
               int controlPort, boolean controlPortGiven, Optional<String> controlToken, boolean verbose,
               boolean help) {

    static final int DEFAULT_CONTROL_PORT = 14300;

    static final String USAGE = """
            usage: tds-mock [--scenario NAME|FILE | --all | --list] [--port N] [--host ADDRESS]
                            [--scenarios DIR] [--certs DIR] [--journal FILE|none]
                            [--journal-max-size SIZE] [--journal-keep N] [--journal-memory SIZE]
                            [--control-host ADDRESS] [--control-port N] [--control-token TOKEN] [--verbose]
              --scenario NAME|FILE  scenario to serve: a name from the scenarios folder or a .conf file (default: healthy)
              --all                 serve every scenario in the scenarios folder, each on its own port
              --list                print the scenarios (port, name, description) and exit
              --port N              TCP port for --scenario (default: the scenario's, 1433 for healthy; 0 picks a free one)
              --host ADDRESS        address the scenarios listen on (default: the scenario's, 127.0.0.1)
              --scenarios DIR       folder of scenario files (default: scenarios)
              --certs DIR           folder of the test CA and server certificates (default: certs)
              --journal FILE|none   file the connection journal is appended to, one JSON line per connection
                                    (default: journal/connections.jsonl)
              --journal-max-size SIZE  size the journal file is rotated at: FILE becomes FILE's name with .1
                                    before its extension (connections.1.jsonl), .1 becomes .2 ... (default: 100MiB;
                                    a number of bytes, or with a unit: 512KiB, 100MiB, 1GiB)
              --journal-keep N      rotated journal files kept, the oldest deleted (default: 5; 0 keeps none)
              --journal-memory SIZE  bytes the in-memory journals of all listeners may hold together (estimated;
                                    what the control API answers from); past it the listener holding the most
                                    drops its oldest records, each keeping its newest (default: 64MiB)
              --control-host ADDRESS  address of the HTTP control API (default: 127.0.0.1)
              --control-port N      port of the control API (default: 14300, skipped with a warning when taken;
                                    0 picks a free one; -1 turns it off)
              --control-token TOKEN token the control API requires (Authorization: Bearer TOKEN); also read from
                                    TDS_MOCK_CONTROL_TOKEN; required (and not empty) when the control API listens
                                    beyond loopback; an empty one on loopback means no token
              --verbose             log every step of every connection (PRELOGIN, ClientHello, TLS, LOGIN7, each
                                    request); without it the console gets one line per connection, when it ends""";

    static Options parse(String[] args, Optional<String> tokenFromEnvironment) {
        String scenario = "healthy";
        boolean all = false;
        boolean list = false;
        OptionalInt port = OptionalInt.empty();
        Optional<String> host = Optional.empty();
        Path scenarios = Path.of("scenarios");
        Path certs = Path.of("certs");
        Optional<Path> journal = Optional.of(Path.of("journal", "connections.jsonl"));
        long journalMaxSize = JournalFile.Rotation.DEFAULT.maxBytes();
        int journalKeep = JournalFile.Rotation.DEFAULT.keep();
        long journalMemory = JournalMemory.DEFAULT_MAX_BYTES;
        String controlHost = "127.0.0.1";
        int controlPort = DEFAULT_CONTROL_PORT;
        boolean controlPortGiven = false;
        Optional<String> token = tokenFromEnvironment.filter(t -> !t.isBlank());
        boolean verbose = false;
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--scenario" -> scenario = value(args, ++i, arg);
                case "--all" -> all = true;
                case "--list" -> list = true;
                case "--port" -> port = OptionalInt.of(port(value(args, ++i, arg), arg, 0));
                case "--host" -> host = Optional.of(value(args, ++i, arg));
                case "--scenarios" -> scenarios = Path.of(value(args, ++i, arg));
                case "--certs" -> certs = Path.of(value(args, ++i, arg));
                case "--journal" -> {
                    String file = value(args, ++i, arg);
                    journal = file.equals("none") ? Optional.empty() : Optional.of(Path.of(file));
                }
                case "--journal-max-size" -> journalMaxSize = bytes(value(args, ++i, arg), arg);
                case "--journal-keep" -> journalKeep = count(value(args, ++i, arg), arg);
                case "--journal-memory" -> journalMemory = bytes(value(args, ++i, arg), arg);
                case "--control-host" -> controlHost = value(args, ++i, arg);
                case "--control-port" -> {
                    controlPort = port(value(args, ++i, arg), arg, -1);
                    controlPortGiven = true;
                }
                case "--control-token" -> token = Optional.of(value(args, ++i, arg));
                case "--verbose" -> verbose = true;
                case "-h", "--help" -> help = true;
                default -> throw new IllegalArgumentException("unknown argument '" + arg + "'");
            }
        }
        if (all && port.isPresent()) {
            throw new IllegalArgumentException("--port cannot be used with --all: each scenario has its own port");
        }
        if (token.isPresent() && token.get().isBlank()) {
            if (!ControlApi.isLoopback(controlHost)) {
                throw new IllegalArgumentException("the control token is empty and the control API listens on "
                        + controlHost + ", beyond loopback: give a token that is not empty (--control-token or "
                        + "TDS_MOCK_CONTROL_TOKEN), or --control-host 127.0.0.1");
            }
            token = Optional.empty();
        }
        return new Options(scenario, all, list, port, host, scenarios, certs, journal,
                new JournalFile.Rotation(journalMaxSize, journalKeep), journalMemory, controlHost, controlPort, controlPortGiven,
                token, verbose, help);
    }

    private static long bytes(String text, String option) {
        try {
            long bytes = ConfigFactory.parseMap(Map.of("size", text)).getBytes("size");
            if (bytes >= 1) {
                return bytes;
            }
        } catch (ConfigException e) {
            // reported below
        }
        throw new IllegalArgumentException(option + " '" + text + "' is not a size of 1 byte or more, such as "
                + "100MiB or 1048576");
    }

    private static int count(String text, String option) {
        try {
            int count = Integer.parseInt(text);
            if (count >= 0) {
                return count;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(option + " '" + text + "' is not a count of 0 or more");
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }

    private static int port(String text, String option, int lowest) {
        try {
            int port = Integer.parseInt(text);
            if (port >= lowest && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(option + " '" + text + "' is not a TCP port (" + Math.max(lowest, 0)
                + "-65535)");
    }
}
