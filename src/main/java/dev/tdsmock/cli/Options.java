package dev.tdsmock.cli;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import dev.tdsmock.control.ControlApi;
import dev.tdsmock.journal.JournalFile;
import dev.tdsmock.journal.JournalMemory;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import picocli.AutoComplete;
import picocli.CommandLine;

/** The command line, parsed and checked (picocli reads it into {@link Arguments}). */
record Options(String scenario, boolean all, boolean list, OptionalInt port, Optional<String> host,
               Path scenarioDirectory, Path certificateDirectory, Optional<Path> journal,
               JournalFile.Rotation journalRotation, long journalMemory, String controlHost,
               int controlPort, boolean controlPortGiven, Optional<String> controlToken, boolean verbose,
               boolean help, boolean completion, Optional<Path> capture, List<Path> diagnose,
               Optional<HostPort> upstream) {

    static final int DEFAULT_CONTROL_PORT = 14300;

    /**
     * The settings the command line gives every scenario, over what their files say: capture.directory from
     * --capture, upstream.host and upstream.port from --upstream. They hold for scenarios switched to and settings
     * changed over the control API as well.
     */
    com.typesafe.config.Config scenarioOverrides() {
        Map<String, Object> settings = new java.util.LinkedHashMap<>();
        capture.ifPresent(directory -> settings.put("capture.directory", directory.toString()));
        upstream.ifPresent(server -> {
            settings.put("upstream.host", server.host());
            settings.put("upstream.port", server.port());
        });
        return com.typesafe.config.ConfigFactory.parseMap(settings, "the command line");
    }

    /**
     * Reads the command line.
     *
     * @param environment where option defaults are read from (TDS_MOCK_PORT for --port, ...; see
     *                    {@link EnvironmentDefaults}), System.getenv() in the launcher
     * @throws IllegalArgumentException naming the argument that is wrong
     */
    static Options parse(String[] args, Map<String, String> environment) {
        Arguments given = new Arguments();
        DiagnoseArguments diagnose = new DiagnoseArguments();
        CommandLine line = commandLine(given, diagnose, environment);
        try {
            line.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        // a value the command line did not give came from the environment: errors name the variable then
        java.util.function.UnaryOperator<String> source = option -> line.getParseResult().hasMatchedOption(option)
                ? option : EnvironmentDefaults.variable(option);
        String scenario = given.what != null && given.what.scenario != null ? given.what.scenario
                : environment.getOrDefault("TDS_MOCK_SCENARIO", "healthy");
        boolean all = given.what != null && given.what.all;
        boolean list = given.what != null && given.what.list;
        OptionalInt port = given.port == null ? OptionalInt.empty() : OptionalInt.of(port(given.port, source.apply("--port"), 0));
        Optional<Path> journal = given.journal == null ? Optional.of(Path.of("journal", "connections.jsonl"))
                : given.journal.equals("none") ? Optional.empty() : Optional.of(Path.of(given.journal));
        long journalMaxSize = given.journalMaxSize == null ? JournalFile.Rotation.DEFAULT.maxBytes()
                : bytes(given.journalMaxSize, source.apply("--journal-max-size"));
        int journalKeep = given.journalKeep == null ? JournalFile.Rotation.DEFAULT.keep()
                : count(given.journalKeep, source.apply("--journal-keep"));
        long journalMemory = given.journalMemory == null ? JournalMemory.DEFAULT_MAX_BYTES
                : bytes(given.journalMemory, source.apply("--journal-memory"));
        String controlHost = given.controlHost == null ? "127.0.0.1" : given.controlHost;
        int controlPort = given.controlPort == null ? DEFAULT_CONTROL_PORT : port(given.controlPort, source.apply("--control-port"), -1);
        Optional<String> token = Optional.ofNullable(given.controlToken);
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
        return new Options(scenario, all, list, port, Optional.ofNullable(given.host),
                Path.of(given.scenarios == null ? "scenarios" : given.scenarios),
                Path.of(given.certs == null ? "certs" : given.certs), journal,
                new JournalFile.Rotation(journalMaxSize, journalKeep), journalMemory, controlHost, controlPort,
                given.controlPort != null, token, given.verbose, given.help, given.completion,
                Optional.ofNullable(given.capture).filter(d -> !d.isBlank()).map(Path::of),
                diagnose.captures == null ? List.of() : diagnose.captures.stream().map(Path::of).toList(),
                given.upstream == null ? Optional.empty()
                        : Optional.of(HostPort.parse(given.upstream, source.apply("--upstream"))));
    }

    private static CommandLine commandLine(Arguments given, DiagnoseArguments diagnose,
                                           Map<String, String> environment) {
        // the launcher names --scenarios, --certs and --journal before the user's arguments: the last one wins;
        // "--scenario diagnose" names the scenario: a subcommand's name is a value where an option takes one
        return new CommandLine(given).setDefaultValueProvider(new EnvironmentDefaults(environment))
                .setOverwrittenOptionsAllowed(true).setUsageHelpWidth(110).addSubcommand("diagnose", diagnose)
                .setAllowSubcommandsAsOptionParameters(true);
    }

    /** The generated help: every option with its default and its environment variable. */
    static String usage() {
        return commandLine(new Arguments(), new DiagnoseArguments(), Map.of())
                .getUsageMessage(CommandLine.Help.Ansi.OFF);
    }

    /** A bash completion script for tds-mock (picocli's). */
    static String completionScript() {
        return AutoComplete.bash("tds-mock", commandLine(new Arguments(), new DiagnoseArguments(), Map.of()));
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
