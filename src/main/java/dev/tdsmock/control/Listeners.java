package dev.tdsmock.control;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.tdsmock.scenario.Scenario;
import dev.tdsmock.scenario.ScenarioLoader;
import dev.tdsmock.server.TdsServer;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The running listeners by port, and what each was started from, so that its scenario can be changed. */
public final class Listeners {
    private final ScenarioLoader loader;
    private final Config commandLine;
    private final Map<Integer, Entry> byPort = new LinkedHashMap<>();

    /** A listener, the scenario name or file it serves, and the settings changed over the control API. */
    public record Entry(TdsServer server, String source, Config overrides) {
    }

    public Listeners(ScenarioLoader loader) {
        this(loader, ConfigFactory.empty());
    }

    /**
     * @param commandLine settings every scenario served takes over its file's, switched to or changed at run time
     *                    as well (--capture, --upstream); the control API's changes override them
     */
    public Listeners(ScenarioLoader loader, Config commandLine) {
        this.loader = loader;
        this.commandLine = commandLine;
    }

    public synchronized void add(TdsServer server, String source) {
        byPort.put(server.port(), new Entry(server, source, ConfigFactory.empty()));
    }

    public synchronized Collection<Entry> all() {
        return java.util.List.copyOf(byPort.values());
    }

    public synchronized Optional<Entry> at(int port) {
        return Optional.ofNullable(byPort.get(port));
    }

    public ScenarioLoader loader() {
        return loader;
    }

    /**
     * Serves another scenario on the listener at this port, dropping earlier setting changes.
     *
     * @param name a scenario name ({@link ScenarioLoader#loadNamed}), never a path
     * @throws dev.tdsmock.scenario.ScenarioException when it is not a name or names no scenario; nothing changes
     */
    public synchronized Scenario switchScenario(int port, String name) {
        Entry entry = existing(port);
        Scenario scenario = loader.loadNamed(name, commandLine);
        entry.server().switchScenario(scenario);
        byPort.put(port, new Entry(entry.server(), name, ConfigFactory.empty()));
        return entry.server().scenario();
    }

    /** Changes settings of the scenario served at this port; earlier changes stay unless overridden. */
    public synchronized Scenario changeSettings(int port, Config changes) {
        Entry entry = existing(port);
        if (changes.hasPath("listener.host") || changes.hasPath("listener.port")) {
            throw new IllegalArgumentException("listener.host and listener.port cannot change while the listener "
                    + "runs: start another listener");
        }
        Config overrides = changes.withFallback(entry.overrides());
        Scenario scenario = loader.load(entry.source(), overrides.withFallback(commandLine));
        entry.server().changeSettings(scenario);
        byPort.put(port, new Entry(entry.server(), entry.source(), overrides));
        return entry.server().scenario();
    }

    private Entry existing(int port) {
        Entry entry = byPort.get(port);
        if (entry == null) {
            throw new java.util.NoSuchElementException("no listener on port " + port);
        }
        return entry;
    }

    public synchronized void closeAll() {
        byPort.values().forEach(entry -> entry.server().close());
        byPort.clear();
    }
}
