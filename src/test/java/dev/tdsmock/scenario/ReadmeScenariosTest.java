package dev.tdsmock.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tdsmock.support.TestServers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * README.md's scenario tables and the scenario files agree: every file has one row ({@code | `name` | port |})
 * with its port, and every such row names a file; so that a new scenario cannot go undocumented. The healthy
 * scenario is the README's opening, not a table row.
 */
@Timeout(30)
class ReadmeScenariosTest {
    private static final Pattern ROW = Pattern.compile("(?m)^\\| `([a-z0-9_-]+)` \\| (\\d+) \\|");

    @Test
    void everyScenarioFileHasItsRowAndEveryRowItsFile() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        Map<String, Integer> rows = new TreeMap<>();
        Matcher row = ROW.matcher(readme);
        while (row.find()) {
            Integer earlier = rows.put(row.group(1), Integer.parseInt(row.group(2)));
            assertEquals(null, earlier, "README.md has two rows for " + row.group(1));
        }
        ScenarioLoader loader = new ScenarioLoader(TestServers.SCENARIOS);
        Map<String, Integer> files = new TreeMap<>();
        for (String name : loader.names()) {
            files.put(name, loader.load(name).listener().port());
        }
        assertEquals(1433, files.remove("healthy"));
        assertTrue(readme.contains("It serves the `healthy` scenario on `127.0.0.1:1433`"),
                "README.md opens with the healthy scenario and its port");
        assertEquals(files, rows, "scenario files (name=port) against README.md's table rows");
    }
}
