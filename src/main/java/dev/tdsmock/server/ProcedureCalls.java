package dev.tdsmock.server;

import dev.tdsmock.sql.Answer;
import dev.tdsmock.sql.ErrorReplies;
import dev.tdsmock.sql.ErrorReply;
import dev.tdsmock.sql.SqlError;
import dev.tdsmock.wire.RpcRequest;
import dev.tdsmock.wire.TokenStream;
import dev.tdsmock.wire.types.RpcParameter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The system procedures drivers call for parameterised statements: sp_executesql, sp_prepare,
 * sp_prepexec, sp_execute and sp_unprepare. Any other procedure gets an empty answer and a log line.
 */
final class ProcedureCalls {
    /** Runs the statements of a call; see RequestHandler#answerStatements. */
    interface StatementRunner {
        boolean run(Connection connection, String text, Map<String, RpcParameter> parameters, AnswerWriter writer,
                    boolean inProc);
    }

    /** The TYPE_INFO type byte of sql_variant (MS-TDS 2.2.5.4.3), whose invalid values are no instance of sql_variant. */
    private static final int SQL_VARIANT = 0x62;

    private final Connection connection;
    private final StatementRunner runner;

    ProcedureCalls(Connection connection, StatementRunner runner) {
        this.connection = connection;
        this.runner = runner;
    }

    void call(RpcRequest call, TokenStream tokens, AnswerWriter writer, boolean moreCalls) {
        List<RpcParameter> p = call.parameters();
        Logs.CONNECTION.debug("{} RPC {} with {} parameters", connection.tag(), call.name(), p.size());
        int doneStatus = moreCalls ? TokenStream.DONE_MORE : TokenStream.DONE_FINAL;
        ErrorReply invalid = invalidParameter(p);
        if (invalid != null) {
            Logs.CONNECTION.debug("{} RPC {} refused with error {}: {}", connection.tag(), call.name(),
                    invalid.number(), invalid.message());
            writer.failFrom(writer.mark(), invalid, true, moreCalls);
            return;
        }
        switch (procId(call)) {
            case RpcRequest.SP_EXECUTESQL -> {
                String sql = text(p, 0, "@stmt");
                String declarations = p.size() > 1 ? text(p, 1, "@params") : "";
                run(sql, bind(declarations, p.subList(Math.min(2, p.size()), p.size())), writer);
            }
            case RpcRequest.SP_PREPEXEC -> {
                String declarations = text(p, 1, "@params");
                String sql = text(p, 2, "@stmt");
                int handle = connection.prepare(new Connection.PreparedStatement(declarations, sql));
                run(sql, bind(declarations, p.subList(3, p.size())), writer);
                tokens.returnStatus(0).returnValueInt(0, p.get(0).name(), handle);
                tokens.doneProc(doneStatus, 0, 0);
                return;
            }
            case RpcRequest.SP_PREPARE -> {
                int handle = connection.prepare(new Connection.PreparedStatement(text(p, 1, "@params"),
                        text(p, 2, "@stmt")));
                tokens.returnStatus(0).returnValueInt(0, p.get(0).name(), handle);
                tokens.doneProc(doneStatus, 0, 0);
                return;
            }
            case RpcRequest.SP_EXECUTE -> {
                int handle = handle(p);
                Connection.PreparedStatement statement = connection.prepared(handle);
                if (statement == null) {
                    writer.write(new Answer.Failure(new ErrorReply(8179, 4, 16,
                            "Could not find prepared statement with handle " + handle + ".")), true, true);
                } else {
                    run(statement.sql(), bind(statement.parameterDeclarations(), p.subList(1, p.size())), writer);
                }
            }
            case RpcRequest.SP_UNPREPARE -> connection.unprepare(handle(p));
            default -> {
                connection.record().noAnswer();
                Logs.CONNECTION.debug("{} no answer for procedure {}: empty result", connection.tag(), call.name());
            }
        }
        tokens.returnStatus(0).doneProc(doneStatus, 0, 0);
    }

    /**
     * SQL Server's error for the first parameter whose value was framed right but is invalid (8016 for a length,
     * 8023 for any other value), or 50000 for one of a type this server does not take (a TVP, a CLR UDT), or null;
     * parameters are counted from 1.
     */
    private static ErrorReply invalidParameter(List<RpcParameter> parameters) {
        for (int i = 0; i < parameters.size(); i++) {
            RpcParameter parameter = parameters.get(i);
            RpcParameter.Invalid invalid = parameter.invalid();
            if (invalid != null && invalid.unsupported() != null) {
                return ErrorReplies.unsupportedParameter(i + 1, parameter.name(), invalid.unsupported());
            }
            if (invalid != null) {
                String typeName = invalid.tdsType() == SQL_VARIANT ? "sql_variant"
                        : parameter.type().declaration().replaceFirst("\\(.*", "");
                return invalid.badLength()
                        ? ErrorReplies.invalidParameterLength(i + 1, parameter.name(), invalid.tdsType())
                        : ErrorReplies.invalidParameterValue(i + 1, parameter.name(), typeName);
            }
        }
        return null;
    }

    private void run(String sql, Map<String, RpcParameter> parameters, AnswerWriter writer) {
        if (Logs.CONNECTION.isDebugEnabled()) {
            Logs.CONNECTION.debug("{} statement: {}", connection.tag(), dev.tdsmock.sql.SqlResponder.forLog(sql));
        }
        runner.run(connection, sql, parameters, writer, true);
    }

    /** Calls by name of the well-known procedures count as calls by id. */
    private static int procId(RpcRequest call) {
        if (call.procName() == null) {
            return call.procId();
        }
        return switch (call.procName().toLowerCase(Locale.ROOT)) {
            case "sp_executesql" -> RpcRequest.SP_EXECUTESQL;
            case "sp_prepare" -> RpcRequest.SP_PREPARE;
            case "sp_execute" -> RpcRequest.SP_EXECUTE;
            case "sp_prepexec" -> RpcRequest.SP_PREPEXEC;
            case "sp_unprepare" -> RpcRequest.SP_UNPREPARE;
            default -> -1;
        };
    }

    private static String text(List<RpcParameter> parameters, int index, String name) {
        if (parameters.size() <= index || !(parameters.get(index).value() instanceof String text)) {
            throw new SqlError(ErrorReplies.procedureExpects(name, "ntext/nchar/nvarchar"));
        }
        return text;
    }

    private static int handle(List<RpcParameter> parameters) {
        if (parameters.isEmpty() || !(parameters.get(0).value() instanceof Number handle)) {
            throw new SqlError(ErrorReplies.procedureExpects("@handle", "int"));
        }
        return handle.intValue();
    }

    /** Names values by their own name, or else by their place in the declaration list ("@P0 int,@P1 nvarchar(10)"). */
    static Map<String, RpcParameter> bind(String declarations, List<RpcParameter> values) {
        List<String> declared = declaredNames(declarations);
        Map<String, RpcParameter> bound = new HashMap<>();
        for (int i = 0; i < values.size(); i++) {
            RpcParameter value = values.get(i);
            String name = !value.name().isEmpty() ? value.name() : i < declared.size() ? declared.get(i) : null;
            if (name != null) {
                bound.put(name.toLowerCase(Locale.ROOT),
                        new RpcParameter(name, value.statusFlags(), value.type(), value.value()));
            }
        }
        return bound;
    }

    private static List<String> declaredNames(String declarations) {
        List<String> names = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i <= declarations.length(); i++) {
            char c = i < declarations.length() ? declarations.charAt(i) : ',';
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                String item = declarations.substring(start, i).strip();
                if (!item.isEmpty()) {
                    names.add(item.split("\\s+")[0]);
                }
                start = i + 1;
            }
        }
        return names;
    }
}
