package dev.tdsmock.faults.types;

import com.typesafe.config.Config;
import dev.tdsmock.faults.Arrival;
import dev.tdsmock.faults.Effect;
import dev.tdsmock.faults.Fault;
import dev.tdsmock.faults.FaultType;
import dev.tdsmock.faults.Step;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * {@code route}: answers LOGIN7 with an ENVCHANGE routing token (MS-TDS 2.2.7.9) to {@code to} ("host:port", or a
 * scenario name, which this process then serves on a free port for as long as the routing listener runs), so
 * that the client logs in again there. {@code when} = {@code always} (an Azure SQL gateway's redirect; the
 * default) or {@code read-only-intent} (an availability group's read-only routing: only LOGIN7s with the ReadOnly
 * intent bit, e.g. mssql-jdbc's applicationIntent=ReadOnly, are routed; the others log in here).
 */
public final class RouteFault implements FaultType {
    @Override
    public String name() {
        return "route";
    }

    @Override
    public Set<String> keys() {
        return Set.of("to", "when");
    }

    @Override
    public Set<Step> steps() {
        return EnumSet.of(Step.LOGIN);
    }

    @Override
    public Fault create(Config settings, Step step) {
        if (!settings.hasPath("to")) {
            throw new IllegalArgumentException("'to' is missing: where to send the client, \"host:port\"");
        }
        String to = settings.getString("to");
        String when = settings.hasPath("when") ? settings.getString("when").toLowerCase(Locale.ROOT) : "always";
        if (!when.equals("always") && !when.equals("read-only-intent")) {
            throw new IllegalArgumentException("'when' '" + when + "' is neither always nor read-only-intent");
        }
        boolean readOnly = when.equals("read-only-intent");
        int colon = to.lastIndexOf(':');
        if (colon < 0) {
            if (!dev.tdsmock.scenario.ScenarioLoader.NAME.matcher(to).matches()) {
                throw new IllegalArgumentException("'to' '" + to + "' is neither host:port nor a scenario name");
            }
            return new Route(null, to, readOnly); // a scenario this process serves: its listener comes at install
        }
        int port;
        try {
            port = Integer.parseInt(to.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("'to' '" + to + "' is not host:port");
        }
        return new Route(new Effect.Route(to.substring(0, colon), port), null, readOnly);
    }

    /** @param effect null until a scenario target is installed */
    private record Route(Effect.Route effect, String scenario, boolean readOnlyIntentOnly) implements Fault {
        @Override
        public Fault install(dev.tdsmock.faults.FaultContext context) {
            if (scenario == null) {
                return this;
            }
            java.net.InetSocketAddress listener = context.serve(scenario);
            String host = listener.getAddress().isAnyLocalAddress() ? "localhost" : listener.getHostString();
            return new Route(new Effect.Route(host, listener.getPort()), scenario, readOnlyIntentOnly);
        }

        @Override
        public Effect effect(Arrival arrival) {
            return effect;
        }

        @Override
        public boolean appliesTo(Arrival arrival) {
            return !readOnlyIntentOnly || arrival.login() != null && arrival.login().readOnlyIntent();
        }
    }
}
