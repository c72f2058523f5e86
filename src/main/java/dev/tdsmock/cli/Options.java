package dev.tdsmock.cli;

import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.Optional;

/** The command line, parsed. */
record Options(String scenario, OptionalInt port, Optional<String> host, Path scenarioDirectory,
               Path certificateDirectory, boolean help) {

    static final String USAGE = """
            usage: tds-mock [--scenario NAME|FILE] [--port N] [--host ADDRESS] [--scenarios DIR] [--certs DIR]
              --scenario NAME|FILE  scenario to serve: a name from the scenarios folder or a .conf file (default: healthy)
              --port N              TCP port (default: the scenario's, 1433 for healthy; 0 picks a free one)
              --host ADDRESS        address to listen on (default: the scenario's, 127.0.0.1)
              --scenarios DIR       folder of scenario files (default: scenarios)
              --certs DIR           folder of the test CA and server certificates (default: certs)""";

    static Options parse(String[] args) {
        String scenario = "healthy";
        OptionalInt port = OptionalInt.empty();
        Optional<String> host = Optional.empty();
        Path scenarios = Path.of("scenarios");
        Path certs = Path.of("certs");
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--scenario" -> scenario = value(args, ++i, arg);
                case "--port" -> port = OptionalInt.of(port(value(args, ++i, arg)));
                case "--host" -> host = Optional.of(value(args, ++i, arg));
                case "--scenarios" -> scenarios = Path.of(value(args, ++i, arg));
                case "--certs" -> certs = Path.of(value(args, ++i, arg));
                case "-h", "--help" -> help = true;
                default -> throw new IllegalArgumentException("unknown argument '" + arg + "'");
            }
        }
        return new Options(scenario, port, host, scenarios, certs, help);
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }

    private static int port(String text) {
        try {
            int port = Integer.parseInt(text);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("--port '" + text + "' is not a TCP port (0-65535)");
    }
}
