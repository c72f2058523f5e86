package dev.tdsmock.scenario;

import com.typesafe.config.Config;

/** Reads the {@code listener.accept} and {@code churn} blocks of a scenario. */
final class ListenerSettingsReader {
    private ListenerSettingsReader() {
    }

    static Scenario.AcceptSettings accept(Config accept) {
        int backlog = accept.getInt("backlog");
        int workers = accept.getInt("workers");
        if (backlog < 1) {
            throw new IllegalArgumentException("listener.accept.backlog must be at least 1");
        }
        if (workers < 1) {
            throw new IllegalArgumentException("listener.accept.workers must be at least 1");
        }
        return new Scenario.AcceptSettings(
                Choices.of("listener.accept.model", accept.getString("model"), Scenario.AcceptModel.class),
                backlog,
                Choices.of("listener.accept.when-full", accept.getString("when-full"),
                        Scenario.WhenFull.class),
                workers, accept.getDuration("cost"), accept.getDuration("jitter"), accept.getDuration("stall-every"),
                accept.getDuration("stall-for"), accept.getBoolean("paused"),
                accept.getIsNull("seed") ? null : accept.getLong("seed"));
    }

    static Scenario.Churn churn(Config churn) {
        java.time.Duration timeWait = churn.getDuration("time-wait");
        if (timeWait.toMillis() % 1000 != 0 || timeWait.toSeconds() < 1 || timeWait.toSeconds() > 300) {
            throw new IllegalArgumentException("churn.time-wait " + timeWait.toMillis()
                    + " ms is not a whole number of seconds from 1s to 300s");
        }
        int clientPorts = churn.getInt("client-ports");
        if (clientPorts < 1 || clientPorts > 65535) {
            throw new IllegalArgumentException("churn.client-ports " + clientPorts + " is not within 1-65535");
        }
        int warnPercent = churn.getInt("warn-ports-percent");
        if (warnPercent < 0 || warnPercent > 100) {
            throw new IllegalArgumentException("churn.warn-ports-percent " + warnPercent + " is not within 0-100");
        }
        return new Scenario.Churn(churn.getInt("warn-per-minute"), timeWait, clientPorts, warnPercent,
                Choices.of("churn.exhaust", churn.getString("exhaust"), Scenario.Exhaust.class));
    }
}
