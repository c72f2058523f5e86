package dev.tdsmock.cli;

import dev.tdsmock.scenario.Scenario;
import java.io.PrintStream;
import java.util.List;

/** The table of scenarios printed at start and by --list: port, name, one-line description. */
final class Catalogue {
    private Catalogue() {
    }

    static void print(List<Scenario> scenarios, PrintStream out) {
        int nameWidth = Math.max("SCENARIO".length(),
                scenarios.stream().mapToInt(s -> s.name().length()).max().orElse(0));
        String format = "%-6s %-" + nameWidth + "s %s%n";
        out.printf(format, "PORT", "SCENARIO", "DESCRIPTION");
        for (Scenario scenario : scenarios) {
            out.printf(format, scenario.listener().port(), scenario.name(), scenario.description());
        }
    }
}
