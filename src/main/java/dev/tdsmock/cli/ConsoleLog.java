package dev.tdsmock.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's detail. By default a connection gets one line when it ends (and one per fault that fires on it);
 * its steps are logged at DEBUG, which {@code --verbose} shows.
 */
final class ConsoleLog {
    private ConsoleLog() {
    }

    /** Shows each step of each connection: the DEBUG lines of the connection log. */
    static void everyStep() {
        if (LoggerFactory.getLogger("dev.tdsmock.connection") instanceof Logger logback) {
            logback.setLevel(Level.DEBUG);
        }
    }
}
