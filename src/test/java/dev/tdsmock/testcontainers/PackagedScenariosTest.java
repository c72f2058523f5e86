package dev.tdsmock.testcontainers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackagedScenariosTest {
    @Test
    void everyPackagedScenarioWithItsPort() throws IOException {
        Map<String, Integer> ports = PackagedScenarios.ports();
        assertEquals(1433, ports.get("healthy"));
        assertEquals(14334, ports.get("no-common-cipher"));
        try (Stream<Path> files = Files.list(Path.of("scenarios"))) {
            assertEquals(files.filter(f -> f.toString().endsWith(".conf")).count(), ports.size());
        }
    }

    @Test
    void scenarioNamesAreReadFromAJarToo(@TempDir Path folder) throws IOException {
        Path jar = folder.resolve("scenarios.jar");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            for (String entry : List.of("scenarios/", "scenarios/b.conf", "scenarios/a.conf", "scenarios/sub/c.conf",
                    "scenarios/readme.txt", "other/d.conf")) {
                out.putNextEntry(new JarEntry(entry));
                if (!entry.endsWith("/")) {
                    out.write("listener.port = 1".getBytes(StandardCharsets.UTF_8));
                }
                out.closeEntry();
            }
        }
        URL one = URI.create("jar:" + jar.toUri() + "!/scenarios/a.conf").toURL();
        assertEquals(List.of("a", "b"), PackagedScenarios.names(one));
    }
}
