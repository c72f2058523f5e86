package dev.tdsmock.server;

import dev.tdsmock.faults.Arrival;
import dev.tdsmock.faults.FaultSet;
import dev.tdsmock.faults.Step;
import dev.tdsmock.journal.ConnectionRecord;
import dev.tdsmock.scenario.Scenario;
import dev.tdsmock.wire.BufferBudget;
import dev.tdsmock.wire.TdsVersion;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.HashMap;
import java.util.Map;

/**
 * One client connection: its state (advanced here only, and recorded in the journal as it is reached), its
 * reads, its record, and what its handlers share. Used from the connection's event loop.
 */
public final class Connection {
    static final AttributeKey<Connection> KEY = AttributeKey.valueOf(Connection.class, "connection");

    private final long id;
    private final String client;
    private Optional<ConnectionCapture> capture = Optional.empty();
    /** Prefix of every log line about this connection; its scenario is fixed when it connects. */
    private final String tag;
    private final int spid;
    private final ServerResources resources;
    private final ScenarioRuntime runtime;
    private final ConnectionRecord record;
    private final Reading reading;
    private final BufferBudget.Share buffered;
    private final IdleWatch idle;
    private final LoginDeadline loginDeadline;
    private final Map<Integer, PreparedStatement> prepared = new HashMap<>();
    private int nextHandle = 1;
    private ConnectionState state;
    private HeldStep held;
    private long tdsVersion = TdsVersion.V7_4;
    private String database;

    /** A statement that sp_prepare or sp_prepexec gave a handle. */
    record PreparedStatement(String parameterDeclarations, String sql) {
    }

    Connection(long id, Channel channel, ServerResources resources) {
        this.id = id;
        this.client = describe(channel);
        this.runtime = resources.runtime();
        this.tag = "#" + id + " " + client + " [" + runtime.scenario().name() + "]";
        InetSocketAddress remote = (InetSocketAddress) channel.remoteAddress();
        InetSocketAddress local = (InetSocketAddress) channel.localAddress();
        this.record = new ConnectionRecord(id, local.getPort(), runtime.scenario().name(),
                remote.getAddress().getHostAddress(), remote.getPort());
        if (runtime.scenario().upstream().enabled()) {
            // a listener in front of an upstream says so even for a connection that never gets that far
            record.upstream(leg -> ConnectionRecord.Upstream.to(runtime.scenario().upstream().address()));
        }
        this.spid = resources.nextSpid();
        this.resources = resources;
        this.reading = new Reading(channel);
        this.buffered = resources.bufferBudget().share();
        this.idle = new IdleWatch(channel);
        this.loginDeadline = new LoginDeadline(channel, runtime.scenario().limits().loginDeadline());
        this.database = runtime.scenario().login().database();
        enter(ConnectionState.ACCEPT);
    }

    static Connection of(Channel channel) {
        return channel.attr(KEY).get();
    }

    private static String describe(Channel channel) {
        InetSocketAddress address = (InetSocketAddress) channel.remoteAddress();
        return address.getAddress().getHostAddress() + ":" + address.getPort();
    }

    /** Prefix of every log line about this connection. */
    public String tag() {
        return tag;
    }

    /** The connection's capture, set once as it starts; its file is named in the journal. */
    void capture(Optional<ConnectionCapture> capture) {
        this.capture = capture;
        capture.ifPresent(c -> record.capture(c.pcap().toString()));
    }

    Optional<ConnectionCapture> capture() {
        return capture;
    }

    public ServerResources resources() {
        return resources;
    }

    /** The scenario this connection is served by, fixed when it connected. */
    public Scenario scenario() {
        return runtime.scenario();
    }

    ScenarioRuntime runtime() {
        return runtime;
    }

    /** The listener's faults, as they are now: faults added or removed at run time apply to open connections too. */
    FaultSet faults() {
        return resources.faults();
    }

    /** This connection arriving at a step, as faults see it. */
    Arrival arrival(Step step) {
        return new Arrival(step, id, record.clientAddress(), record.login());
    }

    Reading reading() {
        return reading;
    }

    /** This connection's share of the listener's budget for client bytes, which every handler keeping them holds. */
    BufferBudget.Share buffered() {
        return buffered;
    }

    public int spid() {
        return spid;
    }

    ConnectionState state() {
        return state;
    }

    /** Moves the connection to a state; the journal records the first time each state is reached. */
    void enter(ConnectionState next) {
        if (state == ConnectionState.FINAL) {
            return;
        }
        state = next;
        if (next != ConnectionState.FINAL) {
            record.phase(next.step());
        }
        if (next == ConnectionState.LOGGED_IN) {
            idle.start();
        } else {
            idle.stop();
        }
        if (next == ConnectionState.LOGGED_IN || next == ConnectionState.FINAL) {
            loginDeadline.stop();
        }
    }

    /** The deadline for reaching the logged-in state. */
    LoginDeadline loginDeadline() {
        return loginDeadline;
    }

    /** The step whose answer a fault holds now, or null. */
    HeldStep held() {
        return held;
    }

    void hold(HeldStep step) {
        this.held = step;
    }

    /** This connection's entry in the listener's journal. */
    public ConnectionRecord record() {
        return record;
    }

    public long tdsVersion() {
        return tdsVersion;
    }

    void tdsVersion(long tdsVersion) {
        this.tdsVersion = tdsVersion;
    }

    String database() {
        return database;
    }

    void database(String database) {
        this.database = database;
    }

    int prepare(PreparedStatement statement) {
        int handle = nextHandle++;
        prepared.put(handle, statement);
        return handle;
    }

    PreparedStatement prepared(int handle) {
        return prepared.get(handle);
    }

    void unprepare(int handle) {
        prepared.remove(handle);
    }
}
