package dev.tdsmock.examples;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** tds-mock as a test dependency brings no logging backend and no logging configuration of its own. */
class ClasspathTest {
    @Test
    void noLogbackComesWithTdsMock() {
        assertThrows(ClassNotFoundException.class, () -> Class.forName("ch.qos.logback.classic.Logger"));
        assertNull(ClasspathTest.class.getClassLoader().getResource("logback.xml"));
        assertNull(ClasspathTest.class.getClassLoader().getResource("logback-file.xml"));
    }
}
