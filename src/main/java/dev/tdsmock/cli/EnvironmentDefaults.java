package dev.tdsmock.cli;

import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Option defaults from the environment: {@code --control-port} from TDS_MOCK_CONTROL_PORT, and so on. Help,
 * completion and the exclusive --scenario/--all/--list take none (TDS_MOCK_SCENARIO is read by {@link Options}).
 */
final class EnvironmentDefaults implements IDefaultValueProvider {
    private final Map<String, String> environment;

    EnvironmentDefaults(Map<String, String> environment) {
        this.environment = environment;
    }

    /** The variable an option's default is read from: TDS_MOCK_ and its long name in capitals, '-' as '_'. */
    static String variable(String longName) {
        return "TDS_MOCK_" + longName.replaceFirst("^--", "").replace('-', '_').toUpperCase(Locale.ROOT);
    }

    @Override
    public String defaultValue(ArgSpec argument) {
        if (!(argument instanceof OptionSpec option) || option.usageHelp() || option.longestName().equals("--completion")
                || option.group() != null) {
            return null; // --scenario, --all and --list: Options reads TDS_MOCK_SCENARIO itself
        }
        return environment.get(variable(option.longestName()));
    }
}
