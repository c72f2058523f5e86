package dev.tdsmock.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a tds-mock server for a test class (started before all its tests, stopped after them) or for one test
 * method (its own server, stopped after the method). The server listens on 127.0.0.1 on a free port; test
 * methods, constructors and lifecycle methods receive it as a {@link TdsMockServer} parameter.
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(TdsMockExtension.class)
public @interface TdsMock {
    /** A scenario name (scenarios/NAME.conf, else the scenario packaged with tds-mock) or a path to a .conf file. */
    String scenario() default "healthy";

    /**
     * Faults added to the scenario's, each one fault in HOCON (or JSON), e.g.
     * {@code "{ type = close, at = login, ending = rst, times = 2 }"}; keys as in a scenario's {@code faults}.
     * A class's server goes back to these faults, and to an empty journal, before each test.
     */
    String[] faults() default {};

    /** Where scenario files are looked up by name before the packaged ones. */
    String scenarioDirectory() default "scenarios";

    /** Where the test CA and the server certificates are kept; created with a new CA when missing. */
    String certificateDirectory() default "target/tds-mock-certs";
}
