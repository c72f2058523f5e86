package dev.tdsmock.server;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The log every connection event goes to, so that one logger setting shows or hides them all. */
final class Logs {
    static final Logger CONNECTION = LoggerFactory.getLogger("dev.tdsmock.connection");

    private Logs() {
    }
}
