package dev.tdsmock.faults.types;

import com.typesafe.config.Config;
import dev.tdsmock.faults.Effect;
import dev.tdsmock.faults.Fault;
import dev.tdsmock.faults.FaultReader;
import dev.tdsmock.faults.FaultType;
import dev.tdsmock.faults.Step;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/**
 * {@code delay}: holds the server's answer at its step for {@code for} (a duration); nothing the client sends
 * meanwhile is processed, but a client that gives up and closes is seen at once. At {@code accept} the server
 * reads nothing for that long; at {@code tls-hello} the ServerHello waits.
 */
public final class DelayFault implements FaultType {
    @Override
    public String name() {
        return "delay";
    }

    @Override
    public Set<String> keys() {
        return Set.of("for");
    }

    @Override
    public Set<Step> steps() {
        return EnumSet.allOf(Step.class);
    }

    @Override
    public Fault create(Config settings, Step step) {
        if (!settings.hasPath("for")) {
            throw new IllegalArgumentException("'for' is missing: how long to hold the answer, e.g. for = 3s");
        }
        Duration duration = FaultReader.positive(settings, "for");
        Effect hold = new Effect.Hold(duration);
        return arrival -> hold;
    }
}
