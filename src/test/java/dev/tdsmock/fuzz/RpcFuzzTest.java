package dev.tdsmock.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tdsmock.wire.RpcRequest;
import dev.tdsmock.wire.RpcRequestParser;
import dev.tdsmock.wire.TdsVersion;
import io.netty.buffer.Unpooled;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** RPC requests (with ALL_HEADERS, and without as before TDS 7.2): parameters of many types, mutated. */
@Timeout(120)
class RpcFuzzTest {
    @Test
    void mutatedRequestsParseOrAreRefused() {
        assertTrue(Fuzz.mutants(Targets.RPC, Seeds.rpcRequests()) > Fuzz.tries());
    }

    @Test
    void mutatedRequestsOfTds71ParseOrAreRefused() {
        assertTrue(Fuzz.mutants(Targets.RPC_TDS71, Seeds.rpcRequestsTds71()) > Fuzz.tries());
    }

    @Test
    void theSeedsReadAsBuilt() {
        assertEquals(2, RpcRequestParser.parse(Unpooled.wrappedBuffer(Seeds.rpcRequest()), TdsVersion.V7_4).size());
        List<RpcRequest> extended = RpcRequestParser.parse(Unpooled.wrappedBuffer(Seeds.rpcRequestOfExtendedTypes()),
                TdsVersion.V7_4);
        assertEquals(5, extended.get(0).parameters().size());
        assertEquals("<a/>", extended.get(0).parameters().get(1).value());
        assertEquals(42, extended.get(0).parameters().get(2).value());
        assertEquals("table-valued parameter of type dbo.Ids",
                extended.get(0).parameters().get(4).invalid().unsupported());
        for (String text : Seeds.batchTexts()) {
            List<RpcRequest> calls = RpcRequestParser.parse(Unpooled.wrappedBuffer(Seeds.executeSql(text)),
                    TdsVersion.V7_4);
            assertEquals(1, calls.size());
            assertEquals("sp_executesql", calls.get(0).name());
            assertEquals(text, String.valueOf(calls.get(0).parameters().get(0).value()));
        }
    }
}
