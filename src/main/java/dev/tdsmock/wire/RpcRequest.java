package dev.tdsmock.wire;

import dev.tdsmock.wire.types.RpcParameter;
import java.util.List;

/** One remote procedure call: a well-known procedure by id (sp_executesql is 10) or one by name. */
public record RpcRequest(int procId, String procName, int optionFlags, List<RpcParameter> parameters) {
    public static final int SP_CURSOROPEN = 2;
    public static final int SP_EXECUTESQL = 10;
    public static final int SP_PREPARE = 11;
    public static final int SP_EXECUTE = 12;
    public static final int SP_PREPEXEC = 13;
    public static final int SP_UNPREPARE = 15;

    private static final String[] WELL_KNOWN = {null, "sp_cursor", "sp_cursoropen", "sp_cursorprepare",
        "sp_cursorexecute", "sp_cursorprepexec", "sp_cursorunprepare", "sp_cursorfetch", "sp_cursoroption",
        "sp_cursorclose", "sp_executesql", "sp_prepare", "sp_execute", "sp_prepexec", "sp_prepexecrpc",
        "sp_unprepare"};

    /** The procedure's name, for ids as well. */
    public String name() {
        if (procName != null) {
            return procName;
        }
        return procId > 0 && procId < WELL_KNOWN.length ? WELL_KNOWN[procId] : "procedure #" + procId;
    }
}
