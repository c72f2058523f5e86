package dev.tdsmock.testcontainers;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The ports of the scenarios packaged with tds-mock (the jar's {@code scenarios/*.conf}, each naming its
 * {@code listener.port}): the ports an image built from the same version serves under {@code --all}.
 */
final class PackagedScenarios {
    private static final String FOLDER = "scenarios/";
    private static final String SUFFIX = ".conf";

    private PackagedScenarios() {
    }

    /**
     * Each packaged scenario's name and listener port, sorted by name; empty when the scenarios cannot be listed
     * (a class loader whose resources are neither files nor a plain jar).
     */
    static Map<String, Integer> ports() {
        ClassLoader loader = PackagedScenarios.class.getClassLoader();
        URL healthy = loader.getResource(FOLDER + "healthy" + SUFFIX);
        Map<String, Integer> ports = new TreeMap<>();
        if (healthy == null) {
            return ports;
        }
        for (String name : names(healthy)) {
            URL file = loader.getResource(FOLDER + name + SUFFIX);
            if (file == null) {
                continue;
            }
            try {
                Config config = ConfigFactory.parseURL(file);
                if (config.hasPath("listener.port")) {
                    ports.put(name, config.getInt("listener.port"));
                }
            } catch (ConfigException e) {
                // a file that does not say its port plainly: the server will, once it runs
            }
        }
        return ports;
    }

    /** The scenario names beside the given packaged scenario file. */
    static List<String> names(URL oneScenario) {
        try {
            switch (oneScenario.getProtocol()) {
                case "file": {
                    try (Stream<Path> files = Files.list(Path.of(oneScenario.toURI()).getParent())) {
                        return files.map(file -> file.getFileName().toString()).filter(n -> n.endsWith(SUFFIX))
                                .map(n -> n.substring(0, n.length() - SUFFIX.length())).sorted().toList();
                    }
                }
                case "jar": {
                    URL jarUrl = ((JarURLConnection) oneScenario.openConnection()).getJarFileURL();
                    if (!"file".equals(jarUrl.getProtocol())) {
                        return List.of();
                    }
                    // A JarFile of its own: the class loader's cached one must stay open.
                    try (JarFile jar = new JarFile(Path.of(jarUrl.toURI()).toFile())) {
                        return jar.stream().map(JarEntry::getName)
                                .filter(n -> n.startsWith(FOLDER) && n.endsWith(SUFFIX)
                                        && n.indexOf('/', FOLDER.length()) < 0)
                                .map(n -> n.substring(FOLDER.length(), n.length() - SUFFIX.length()))
                                .sorted().toList();
                    }
                }
                default:
                    return List.of();
            }
        } catch (IOException | URISyntaxException | IllegalArgumentException e) {
            return List.of();
        }
    }
}
