package dev.tdsmock.journal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tdsmock.tls.hello.ClientHello;
import dev.tdsmock.tls.hello.TlsNames;
import dev.tdsmock.wire.Encryption;
import dev.tdsmock.wire.Login7;
import dev.tdsmock.wire.PreLogin;
import java.util.HexFormat;
import java.util.List;
import java.util.function.IntFunction;

/** The JSON form of a connection record: the journal file's lines and the control API's answers. */
public final class JournalJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JournalJson() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static String line(ConnectionRecord record) {
        return toJson(record).toString();
    }

    public static ObjectNode toJson(ConnectionRecord record) {
        ObjectNode json = MAPPER.createObjectNode();
        json.put("id", record.id());
        json.put("listenerPort", record.listenerPort());
        json.put("scenario", record.scenario());
        json.put("clientAddress", record.clientAddress());
        json.put("clientPort", record.clientPort());
        json.put("connectedAt", record.connectedAt().toString());
        ObjectNode phases = json.putObject("phases");
        record.phases().forEach((phase, at) -> phases.put(phase, at.toString()));
        json.set("prelogin", record.preLogin() == null ? null : preLogin(record.preLogin()));
        json.set("clientHello", record.clientHello() == null ? null : clientHello(record.clientHello()));
        json.put("tls", record.tls());
        json.set("login", record.login() == null ? null : login(record.login()));
        ArrayNode statements = json.putArray("statements");
        record.statements().forEach(statements::add);
        ArrayNode lengths = json.putArray("statementLengths");
        record.statementLengths().forEach(lengths::add);
        json.put("unanswered", record.unanswered());
        ArrayNode errors = json.putArray("errors");
        for (ConnectionRecord.ErrorAnswered error : record.errors()) {
            ObjectNode e = errors.addObject().put("step", error.step());
            if (error.statement() == null) {
                e.putNull("statement");
            } else {
                e.put("statement", error.statement());
            }
            e.put("number", error.number()).put("class", error.severity()).put("state", error.state())
                    .put("message", error.message()).put("at", error.at().toString());
        }
        json.put("tlsFault", record.tlsFault());
        json.put("routedTo", record.routedTo());
        json.put("routedFrom", record.routedFrom());
        json.put("capture", record.capture());
        ConnectionRecord.Diagnosed diagnosis = record.diagnosis();
        if (diagnosis == null) {
            json.putNull("diagnosis");
        } else {
            ObjectNode diagnosed = json.putObject("diagnosis").put("fingerprint", diagnosis.fingerprint());
            diagnosed.set("verdicts", verdicts(diagnosis.verdicts()));
        }
        ConnectionRecord.Upstream upstream = record.upstream();
        if (upstream == null) {
            json.putNull("upstream");
        } else {
            ObjectNode leg = json.putObject("upstream").put("server", upstream.server())
                    .put("localAddress", upstream.localAddress()).put("encryption", upstream.encryption())
                    .put("tls", upstream.tls()).put("tdsVersion", upstream.tdsVersion()).put("program", upstream.program());
            upstream.routes().forEach(leg.putArray("routes")::add);
            leg.put("requests", upstream.requests()).put("ending", upstream.ending());
        }
        ArrayNode faults = json.putArray("faults");
        for (ConnectionRecord.FaultFired fault : record.faults()) {
            faults.addObject().put("id", fault.id()).put("type", fault.type()).put("step", fault.step())
                    .put("effect", fault.effect()).put("at", fault.at().toString());
        }
        Ending ending = record.ending();
        if (ending != null) {
            ObjectNode end = json.putObject("ending");
            end.put("kind", ending.kind().name());
            end.put("by", ending.by().name());
            end.put("reason", ending.reason());
            end.put("during", ending.during());
        }
        json.set("churn", record.churn() == null ? null : churn(record.churn()));
        json.put("endedAt", record.endedAt() == null ? null : record.endedAt().toString());
        return json;
    }

    /** {@code {"tls10-only": {"getsIn": false, "reason": ..., "fix": ...}, ...}}; getsIn may be null. */
    public static ObjectNode verdicts(java.util.Map<String, dev.tdsmock.diagnose.Verdict> verdicts) {
        ObjectNode json = MAPPER.createObjectNode();
        verdicts.forEach((scenario, verdict) -> {
            ObjectNode one = json.putObject(scenario);
            if (verdict.getsIn() == null) {
                one.putNull("getsIn");
            } else {
                one.put("getsIn", verdict.getsIn());
            }
            one.put("reason", verdict.reason()).put("fix", verdict.fix());
        });
        return json;
    }

    /**
     * A client address's ports (KB 328476): {@code clientTimeWait} (connections it closed first within
     * {@code timeWait}), {@code open}, {@code portsUsed} (their sum), {@code clientPorts} (the budget),
     * {@code portsUsedPercent} (to 0.1), {@code timeWait} ("240s"), {@code oldestTimeWaitEnds} (an instant, or
     * null).
     */
    public static ObjectNode churn(ChurnCounters.Ports ports) {
        ObjectNode json = MAPPER.createObjectNode();
        json.put("clientTimeWait", ports.clientTimeWait());
        json.put("open", ports.open());
        json.put("portsUsed", ports.used());
        json.put("clientPorts", ports.clientPorts());
        json.put("portsUsedPercent", Math.round(ports.usedPercent() * 10) / 10.0);
        json.put("timeWait", ports.timeWaitSeconds() + "s");
        json.put("oldestTimeWaitEnds", ports.oldestTimeWaitEnds() == null ? null
                : ports.oldestTimeWaitEnds().toString());
        return json;
    }

    /**
     * One address's churn counters: totals, who closed first, refusals, the last minute's counts and per-second
     * rates, and its ports under {@code ports} (see {@link #churn(ChurnCounters.Ports)}).
     */
    public static ObjectNode churn(ChurnCounters.Snapshot snapshot) {
        ObjectNode json = MAPPER.createObjectNode();
        json.put("address", snapshot.address());
        json.put("opened", snapshot.opened());
        json.put("closed", snapshot.closed());
        json.put("closedFirstByClient", snapshot.closedFirstByClient());
        json.put("closedFirstByServer", snapshot.closedFirstByServer());
        json.put("refused", snapshot.refused());
        json.put("openedLastMinute", snapshot.openedLastMinute());
        json.put("closedLastMinute", snapshot.closedLastMinute());
        json.put("openedPerSecond", snapshot.openedPerSecond());
        json.put("closedPerSecond", snapshot.closedPerSecond());
        json.set("ports", churn(snapshot.ports()));
        return json;
    }

    private static ObjectNode preLogin(PreLogin preLogin) {
        ObjectNode json = MAPPER.createObjectNode();
        json.put("version", String.valueOf(preLogin.version()));
        json.put("encryption", preLogin.encryption() == null ? null : Encryption.describe(preLogin.encryption()));
        json.put("instance", preLogin.instance());
        json.put("threadId", preLogin.threadId());
        json.put("mars", preLogin.mars());
        json.put("traceId", preLogin.traceId() == null ? null : HexFormat.of().formatHex(preLogin.traceId()));
        json.put("fedAuthRequired", preLogin.fedAuthRequired());
        json.put("nonce", preLogin.nonce() != null);
        return json;
    }

    private static ObjectNode clientHello(ClientHello hello) {
        ObjectNode json = MAPPER.createObjectNode();
        names(json.putArray("versions"), hello.offeredVersions(), TlsNames::version);
        names(json.putArray("cipherSuites"), hello.cipherSuites(), TlsNames::cipherSuite);
        names(json.putArray("groups"), hello.supportedGroups(), TlsNames::group);
        names(json.putArray("signatureAlgorithms"), hello.signatureAlgorithms(), TlsNames::signatureScheme);
        names(json.putArray("signatureAlgorithmsCert"), hello.signatureAlgorithmsCert(), TlsNames::signatureScheme);
        json.put("sni", hello.serverName());
        ArrayNode alpn = json.putArray("alpn");
        hello.alpn().forEach(alpn::add);
        return json;
    }

    private static void names(ArrayNode array, List<Integer> codes, IntFunction<String> name) {
        codes.forEach(code -> array.add(name.apply(code)));
    }

    /** The LOGIN7 fields worth keeping; never the password. */
    private static ObjectNode login(Login7 login) {
        ObjectNode json = MAPPER.createObjectNode();
        json.put("tdsVersion", login.tdsVersionText());
        json.put("user", login.userName());
        json.put("host", login.hostName());
        json.put("application", login.appName());
        json.put("server", login.serverName());
        json.put("database", login.database());
        json.put("language", login.language());
        json.put("library", login.clientInterfaceName());
        json.put("packetSize", login.packetSize());
        json.put("integratedSecurity", login.integratedSecurity());
        return json;
    }
}
