package dev.tdsmock.cli;

import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;

/** The command line, parsed. */
record Options(String scenario, boolean all, boolean list, OptionalInt port, Optional<String> host,
               Path scenarioDirectory, Path certificateDirectory, Optional<Path> journal, String controlHost,
               int controlPort, boolean controlPortGiven, Optional<String> controlToken, boolean help) {

    static final int DEFAULT_CONTROL_PORT = 14300;

    static final String USAGE = """
            usage: tds-mock [--scenario NAME|FILE | --all | --list] [--port N] [--host ADDRESS]
                            [--scenarios DIR] [--certs DIR] [--journal FILE|none]
                            [--control-host ADDRESS] [--control-port N] [--control-token TOKEN]
              --scenario NAME|FILE  scenario to serve: a name from the scenarios folder or a .conf file (default: healthy)
              --all                 serve every scenario in the scenarios folder, each on its own port
              --list                print the scenarios (port, name, description) and exit
              --port N              TCP port for --scenario (default: the scenario's, 1433 for healthy; 0 picks a free one)
              --host ADDRESS        address the scenarios listen on (default: the scenario's, 127.0.0.1)
              --scenarios DIR       folder of scenario files (default: scenarios)
              --certs DIR           folder of the test CA and server certificates (default: certs)
              --journal FILE|none   file the connection journal is appended to, one JSON line per connection
                                    (default: journal/connections.jsonl)
              --control-host ADDRESS  address of the HTTP control API (default: 127.0.0.1)
              --control-port N      port of the control API (default: 14300, skipped with a warning when taken;
                                    0 picks a free one; -1 turns it off)
              --control-token TOKEN token the control API requires (Authorization: Bearer TOKEN); also read from
                                    TDS_MOCK_CONTROL_TOKEN; required when the control API listens beyond loopback""";

    static Options parse(String[] args, Optional<String> tokenFromEnvironment) {
        String scenario = "healthy";
        boolean all = false;
        boolean list = false;
        OptionalInt port = OptionalInt.empty();
        Optional<String> host = Optional.empty();
        Path scenarios = Path.of("scenarios");
        Path certs = Path.of("certs");
        Optional<Path> journal = Optional.of(Path.of("journal", "connections.jsonl"));
        String controlHost = "127.0.0.1";
        int controlPort = DEFAULT_CONTROL_PORT;
        boolean controlPortGiven = false;
        Optional<String> token = tokenFromEnvironment.filter(t -> !t.isBlank());
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
                case "--control-host" -> controlHost = value(args, ++i, arg);
                case "--control-port" -> {
                    controlPort = port(value(args, ++i, arg), arg, -1);
                    controlPortGiven = true;
                }
                case "--control-token" -> token = Optional.of(value(args, ++i, arg));
                case "-h", "--help" -> help = true;
                default -> throw new IllegalArgumentException("unknown argument '" + arg + "'");
            }
        }
        if (all && port.isPresent()) {
            throw new IllegalArgumentException("--port cannot be used with --all: each scenario has its own port");
        }
        return new Options(scenario, all, list, port, host, scenarios, certs, journal, controlHost, controlPort,
                controlPortGiven, token, help);
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
