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
        return new Scenario.Churn(churn.getInt("warn-per-minute"),
                Choices.of("churn.server-closes", churn.getString("server-closes"),
                        Scenario.ServerCloses.class));
    }
}
