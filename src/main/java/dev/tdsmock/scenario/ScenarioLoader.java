package dev.tdsmock.scenario;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import dev.tdsmock.faults.FaultDefinition;
import dev.tdsmock.faults.FaultReader;
import dev.tdsmock.sql.ErrorReply;
import dev.tdsmock.sql.ScriptedAnswer;
import dev.tdsmock.wire.PacketHeader;
import dev.tdsmock.wire.PreLogin;
import dev.tdsmock.wire.TdsVersion;
import dev.tdsmock.wire.types.Column;
import dev.tdsmock.wire.types.SqlType;
import java.nio.file.Files;
import java.time.Duration;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Reads scenario files (HOCON) over the defaults in {@code scenario-defaults.conf}. */
public final class ScenarioLoader {
    private static final String DEFAULTS = "scenario-defaults.conf";
    /** Where the scenarios packaged in the jar are, as resources: scenarios/NAME.conf. */
    private static final String PACKAGED = "classpath:";
    private final Path scenarioDirectory;
    private final Config defaults;

    public ScenarioLoader(Path scenarioDirectory) {
        this.scenarioDirectory = scenarioDirectory;
        this.defaults = ConfigFactory.parseResources(ScenarioLoader.class.getClassLoader(), DEFAULTS,
                ConfigParseOptions.defaults().setAllowMissing(false));
    }

    /**
     * A scenario by name (scenarios/NAME.conf in the scenario folder, else the one packaged with tds-mock)
     * or by path to a .conf file.
     */
    public Scenario load(String nameOrPath) {
        return load(nameOrPath, ConfigFactory.empty());
    }

    /** What a scenario name is: letters, digits, '-' and '_', so that it names a file of the folder only. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,100}");

    /**
     * A scenario by name only, never by path: scenarios/NAME.conf in the scenario folder, else the one packaged
     * with tds-mock. For callers that must not reach other files (the control API, route faults).
     *
     * @throws ScenarioException when the name is not one ({@link #NAME}) or names no scenario; the message is
     *         the same whatever else exists on disk
     */
    public Scenario loadNamed(String name) {
        return loadNamed(name, ConfigFactory.empty());
    }

    /** The same, with settings that override the file's. */
    public Scenario loadNamed(String name, Config overrides) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new ScenarioException("'" + shortened(name) + "' is not a scenario name: letters, digits, '-' and"
                    + " '_' (GET /scenarios lists them)");
        }
        return load(name, overrides);
    }

    private static String shortened(String text) {
        return text == null ? "null" : text.length() > 100 ? text.substring(0, 100) + "..." : text;
    }

    /** The same, with settings that override the file's (e.g. from the control API). */
    public Scenario load(String nameOrPath, Config overrides) {
        String origin = origin(nameOrPath);
        Config own = overrides.withFallback(parse(nameOrPath, origin));
        rejectUnknownSettings(origin, own);
        try {
            return read(own.withFallback(defaults).resolve());
        } catch (ConfigException e) {
            String message = SettingMessages.of(e, own);
            throw new ScenarioException("scenario " + origin + ": " + message + where(own, message), e);
        } catch (IllegalArgumentException e) {
            throw new ScenarioException("scenario " + origin + ": " + e.getMessage() + where(own, e.getMessage()), e);
        }
    }

    /** The names of the scenario files in the scenario folder, sorted. */
    public List<String> names() {
        try (var files = Files.list(scenarioDirectory)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".conf"))
                    .map(n -> n.substring(0, n.length() - ".conf".length())).sorted().toList();
        } catch (java.io.IOException e) {
            throw new ScenarioException("cannot list scenarios in " + scenarioDirectory.toAbsolutePath(), e);
        }
    }

    private String origin(String nameOrPath) {
        if (nameOrPath.endsWith(".conf") || nameOrPath.contains("/")) {
            return Path.of(nameOrPath).toString();
        }
        Path file = scenarioDirectory.resolve(nameOrPath + ".conf");
        if (Files.isRegularFile(file)) {
            return file.toString();
        }
        return PACKAGED + "scenarios/" + nameOrPath + ".conf";
    }

    private Config parse(String nameOrPath, String origin) {
        try {
            if (origin.startsWith(PACKAGED)) {
                String resource = origin.substring(PACKAGED.length());
                if (ScenarioLoader.class.getClassLoader().getResource(resource) == null) {
                    throw new ScenarioException("no scenario '" + nameOrPath + "': no file " + resource
                            + " in the scenario folder nor packaged with tds-mock" + closest(nameOrPath)
                            + " (--list or GET /scenarios names them)");
                }
                return ConfigFactory.parseResources(ScenarioLoader.class.getClassLoader(), resource,
                        ConfigParseOptions.defaults().setAllowMissing(false));
            }
            Path file = Path.of(origin);
            if (!Files.isRegularFile(file)) {
                throw new ScenarioException("no scenario file " + file.toAbsolutePath());
            }
            return ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
        } catch (ConfigException e) {
            throw new ScenarioException("cannot read scenario " + origin + ": " + e.getMessage(), e);
        }
    }

    /** "; did you mean 'dhe-leading-zero'?" for a name a few letters from a scenario's, else nothing. */
    private String closest(String name) {
        List<String> names;
        try {
            names = names();
        } catch (ScenarioException e) {
            return "";
        }
        String best = null;
        int bestDistance = 4; // more letters apart than this is another name, not a typo
        for (String candidate : names) {
            int distance = editDistance(name, candidate);
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return best == null ? "" : "; did you mean '" + best + "'?";
    }

    /** Levenshtein distance: insertions, deletions and substitutions of one character each. */
    static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    /**
     * Where the setting a reader's message starts with ("tls.strict 'x' is none of ...") was given: " (file: line)",
     * " (in the settings changed, not in the file)", or nothing when it is not one of the scenario's own.
     */
    private static String where(Config own, String message) {
        String path = message == null ? "" : message.split("[ :\\[]", 2)[0];
        try {
            if (path.isEmpty() || !own.hasPathOrNull(path)) {
                return "";
            }
            String described = own.hasPath(path) ? own.getValue(path).origin().description()
                    : own.getIsNull(path) ? nullOrigin(own, path) : "";
            return described.contains("hardcoded") ? " (in the settings changed, not in the file)"
                    : " (" + described + ")";
        } catch (ConfigException e) {
            return "";
        }
    }

    /** upstream.trust-ca: a readable file of PEM certificates, relative to the folder the server was started from. */
    private static Path certificates(String file) {
        Path path = Path.of(file).toAbsolutePath();
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(path)) {
            if (java.security.cert.CertificateFactory.getInstance("X.509").generateCertificates(in).isEmpty()) {
                throw new IllegalArgumentException("upstream.trust-ca " + path + " holds no certificate");
            }
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("upstream.trust-ca " + path + " cannot be read: " + e);
        } catch (java.security.cert.CertificateException e) {
            throw new IllegalArgumentException("upstream.trust-ca " + path + " holds no PEM certificate that can be read: "
                    + e.getMessage());
        }
        return path;
    }

    private static Scenario.Capture capture(String directory) {
        // relative to the folder the server was started from, said once and for all
        return directory.isBlank() ? Scenario.Capture.NONE
                : new Scenario.Capture(java.util.Optional.of(Path.of(directory).toAbsolutePath()));
    }

    /** Where a null setting was given: getValue refuses nulls, their parent object knows. */
    private static String nullOrigin(Config own, String path) {
        List<String> keys = ConfigUtil.splitPath(path);
        com.typesafe.config.ConfigObject parent = own.root();
        for (String key : keys.subList(0, keys.size() - 1)) {
            parent = (com.typesafe.config.ConfigObject) parent.get(key);
        }
        return parent.get(keys.get(keys.size() - 1)).origin().description();
    }

    /** Settings that became faults, and the fault list that does what each did. */
    private static final Map<String, String> NOW_FAULTS = Map.of(
            "prelogin.delay", "faults = [ { type = delay, at = prelogin, for = 5s } ]",
            "tls.delay", "faults = [ { type = delay, at = tls-hello, for = 5s } ]",
            "login.delay", "faults = [ { type = delay, at = login, for = 5s } ]",
            "login.error", "faults = [ { type = login-error, number = 18456, class = 14, state = 1 } ]",
            "faults.probability", "faults = [ probability = 0.5 on each fault ]",
            "churn.server-closes", "faults = [ { type = close, at = login, ending = fin, after-answer = true } ]"
                    + " for after-login, at = request for after-query");

    private void rejectUnknownSettings(String origin, Config own) {
        for (Map.Entry<String, ConfigValue> entry : own.entrySet()) {
            String path = entry.getKey();
            boolean free = path.startsWith("sql.answers") || path.startsWith("login.accept-features");
            if (free || defaults.hasPathOrNull(path)) {
                continue;
            }
            String described = entry.getValue().origin().description();
            String where = described.contains("hardcoded") ? " (in the settings changed, not in the file)"
                    : " (" + described + ")";
            NOW_FAULTS.entrySet().stream().filter(e -> path.startsWith(e.getKey())).findFirst().ifPresent(e -> {
                throw new ScenarioException("scenario " + origin + ": '" + e.getKey() + "' is a fault now: "
                        + e.getValue() + where);
            });
            throw new ScenarioException("scenario " + origin + ": unknown setting '" + path + "'" + where);
        }
    }

    private static List<FaultDefinition> faults(List<? extends Config> faults) {
        List<FaultDefinition> read = new ArrayList<>();
        for (int i = 0; i < faults.size(); i++) {
            try {
                read.add(FaultReader.read(faults.get(i)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("faults[" + i + "]: " + e.getMessage(), e);
            }
        }
        return List.copyOf(read);
    }

    private static Scenario read(Config c) {
        return new Scenario(
                c.getString("name"),
                c.getString("description"),
                new Scenario.Listener(c.getString("listener.host"), port(c.getInt("listener.port")),
                        ListenerSettingsReader.accept(c.getConfig("listener.accept"))),
                new Scenario.PreLoginSettings(encryption(c.getString("prelogin.encryption")),
                        version(c.getString("prelogin.version")),
                        clientCertificate(c.getString("prelogin.client-certificate"))),
                TlsSettingsReader.read(c.getConfig("tls")),
                new Scenario.LoginSettings(c.getString("login.server-name"), c.getString("login.program-name"),
                        programVersion(c.getString("login.program-version")), c.getString("login.database"),
                        c.getString("login.language"), features(c.getConfig("login.accept-features")),
                        tdsVersion(c.getString("login.tds-version")),
                        Choices.of("login.session-recovery", c.getString("login.session-recovery"),
                                Scenario.SessionRecovery.class),
                        nonNegative(c.getConfig("login"), "login-only-answer-after", "login.")),
                limits(c.getConfig("limits")),
                answers(c.getConfigList("sql.answers")),
                ListenerSettingsReader.churn(c.getConfig("churn")),
                faults(c.getConfigList("faults")),
                capture(c.getString("capture.directory")),
                c.getBoolean("diagnose"),
                upstream(c.getConfig("upstream")));
    }

    private static Scenario.Upstream upstream(Config c) {
        String host = c.getString("host").trim();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1); // an IPv6 address as a URL writes it
        }
        if (host.isEmpty()) {
            return Scenario.Upstream.NONE;
        }
        int port = c.getInt("port");
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("upstream.port must be 1..65535, got " + port);
        }
        String trustCa = c.getString("trust-ca");
        java.time.Duration connectTimeout = c.getDuration("connect-timeout");
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("upstream.connect-timeout must be more than 0, got " + connectTimeout);
        }
        return new Scenario.Upstream(host, port,
                Choices.of("upstream.encrypt", c.getString("encrypt"), Scenario.UpstreamEncryption.class),
                trustCa.isBlank() ? java.util.Optional.empty() : java.util.Optional.of(certificates(trustCa)),
                c.getString("host-name").trim(),
                Choices.of("upstream.routing", c.getString("routing"), Scenario.UpstreamRouting.class),
                connectTimeout);
    }

    /** limits.max-buffered-bytes-per-listener's default, which loads whatever the heap. */
    private static final long DEFAULT_BUFFER_BUDGET = 64L * 1024 * 1024;

    private static Scenario.Limits limits(Config c) {
        long maxMessage = c.getBytes("max-message-bytes");
        if (maxMessage < PacketHeader.MAX_PACKET_SIZE) {
            throw new IllegalArgumentException("limits.max-message-bytes " + maxMessage + " is less than one whole "
                    + "packet (" + PacketHeader.MAX_PACKET_SIZE + " bytes)");
        }
        int maxPackets = c.getInt("max-packets-per-message");
        if (maxPackets < 1) {
            throw new IllegalArgumentException("limits.max-packets-per-message " + maxPackets + " is less than 1");
        }
        long budget = c.getBytes("max-buffered-bytes-per-listener");
        if (budget < PacketHeader.MAX_PACKET_SIZE) {
            throw new IllegalArgumentException("limits.max-buffered-bytes-per-listener " + budget
                    + " is less than one whole packet (" + PacketHeader.MAX_PACKET_SIZE + " bytes)");
        }
        if (maxMessage > budget) {
            throw new IllegalArgumentException("limits.max-message-bytes " + maxMessage + " is above "
                    + "limits.max-buffered-bytes-per-listener " + budget + ": such a message could never be held");
        }
        long memory = Runtime.getRuntime().maxMemory();
        if (budget > memory && budget > DEFAULT_BUFFER_BUDGET) {
            // the JVM's direct memory defaults to its heap's maximum: a budget above it protects nothing
            throw new IllegalArgumentException("limits.max-buffered-bytes-per-listener " + budget + " is above the "
                    + "JVM's memory (" + memory + " bytes, -Xmx): it would not keep clients from exhausting it");
        }
        long statementChars = c.getBytes("journal-statement-chars");
        if (statementChars < 1 || statementChars > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("limits.journal-statement-chars " + statementChars
                    + " is not between 1 and " + Integer.MAX_VALUE);
        }
        return new Scenario.Limits(nonNegative(c, "idle-timeout"), nonNegative(c, "session-idle-timeout"),
                (int) Math.min(Integer.MAX_VALUE, maxMessage), maxPackets, budget, nonNegative(c, "login-deadline"),
                (int) statementChars);
    }

    private static Duration nonNegative(Config c, String key) {
        return nonNegative(c, key, "limits.");
    }

    private static Duration nonNegative(Config c, String key, String block) {
        Duration duration = c.getDuration(key);
        if (duration.isNegative()) {
            throw new IllegalArgumentException(block + key + " '" + c.getValue(key).unwrapped() + "' is below 0");
        }
        return duration;
    }

    private static int port(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("listener.port " + port + " is not a TCP port");
        }
        return port;
    }

    private static ServerEncryption encryption(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "off" -> ServerEncryption.OFF;
            case "required" -> ServerEncryption.REQUIRED;
            case "not-supported" -> ServerEncryption.NOT_SUPPORTED;
            default -> throw new IllegalArgumentException("prelogin.encryption '" + text
                    + "' is none of off, required, not-supported");
        };
    }

    private static boolean clientCertificate(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "reject" -> true;
            case "ignore" -> false;
            default -> throw new IllegalArgumentException("prelogin.client-certificate '" + text
                    + "' is neither reject nor ignore");
        };
    }

    /** MS-TDS 2.2.6.5 VERSION: UL_VERSION (major and minor a byte each, build 2 bytes), then US_SUBBUILD. */
    private static PreLogin.Version version(String text) {
        int[] parts = numbers("prelogin.version", text, 4);
        within("prelogin.version", text, parts, 255, 255, 65535, 65535);
        return new PreLogin.Version(parts[0], parts[1], parts[2], parts[3]);
    }

    /** Each number within 0 and its largest value, or an IllegalArgumentException naming the setting. */
    private static void within(String setting, String text, int[] parts, int... largest) {
        for (int i = 0; i < parts.length; i++) {
            if (parts[i] < 0 || parts[i] > largest[i]) {
                throw new IllegalArgumentException(setting + " '" + text + "': part " + (i + 1) + " (" + parts[i]
                        + ") is not between 0 and " + largest[i]);
            }
        }
    }

    private static Long tdsVersion(String text) {
        return switch (text.toUpperCase(Locale.ROOT)) {
            case "CLIENT" -> null;
            case "7.1" -> TdsVersion.V7_1;
            case "7.2" -> TdsVersion.V7_2;
            case "7.3A" -> TdsVersion.V7_3A;
            case "7.3B" -> TdsVersion.V7_3B;
            case "7.4" -> TdsVersion.V7_4;
            default -> throw new IllegalArgumentException("login.tds-version '" + text
                    + "' is none of client, 7.1, 7.2, 7.3A, 7.3B, 7.4");
        };
    }

    /** LOGINACK ProgVersion (MS-TDS 2.2.7.14): major and minor a byte each, the build 2 bytes. */
    private static int[] programVersion(String text) {
        int[] parts = numbers("login.program-version", text, 3);
        within("login.program-version", text, parts, 255, 255, 65535);
        return parts;
    }

    private static int[] numbers(String setting, String text, int count) {
        String[] parts = text.split("\\.");
        if (parts.length != count) {
            throw new IllegalArgumentException(setting + " '" + text + "' must have " + count + " numbers");
        }
        int[] numbers = new int[count];
        for (int i = 0; i < count; i++) {
            try {
                numbers[i] = Integer.parseInt(parts[i]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(setting + " '" + text + "': '" + parts[i] + "' is not a number");
            }
        }
        return numbers;
    }

    private static Map<Integer, byte[]> features(Config features) {
        Map<Integer, byte[]> accepted = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigValue> entry : features.root().entrySet()) {
            int id = Integer.decode(entry.getKey());
            accepted.put(id, HexFormat.of().parseHex(entry.getValue().unwrapped().toString()));
        }
        return Map.copyOf(accepted);
    }

    private static ErrorReply error(Config e) {
        return new ErrorReply(e.getInt("number"), e.getInt("state"), e.getInt("class"), e.getString("message"));
    }

    private static List<ScriptedAnswer> answers(List<? extends Config> answers) {
        List<ScriptedAnswer> read = new ArrayList<>();
        for (int i = 0; i < answers.size(); i++) {
            Config a = answers.get(i);
            String where = "sql.answers[" + i + "]";
            Pattern match;
            try {
                match = Pattern.compile(a.getString("match"), Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException(where + ".match is not a regular expression: " + e.getMessage());
            }
            if (a.hasPath("error")) {
                read.add(new ScriptedAnswer(match, List.of(), List.of(), error(a.getConfig("error"))));
                continue;
            }
            List<Column> columns = new ArrayList<>();
            for (Config column : a.getConfigList("columns")) {
                columns.add(new Column(column.getString("name"), SqlType.parse(column.getString("type"))));
            }
            List<List<Object>> rows = new ArrayList<>();
            List<? extends List<?>> rawRows = a.hasPath("rows") ? rowsOf(a) : List.of();
            for (int r = 0; r < rawRows.size(); r++) {
                List<?> raw = rawRows.get(r);
                if (raw.size() != columns.size()) {
                    throw new IllegalArgumentException(where + ".rows[" + r + "] has " + raw.size()
                            + " values for " + columns.size() + " columns");
                }
                List<Object> row = new ArrayList<>();
                for (int col = 0; col < raw.size(); col++) {
                    row.add(columns.get(col).type().coerce(raw.get(col)));
                }
                rows.add(java.util.Collections.unmodifiableList(row));
            }
            read.add(new ScriptedAnswer(match, List.copyOf(columns), List.copyOf(rows), null));
        }
        return List.copyOf(read);
    }

    @SuppressWarnings("unchecked")
    private static List<? extends List<?>> rowsOf(Config answer) {
        return (List<? extends List<?>>) answer.getAnyRefList("rows");
    }
}
