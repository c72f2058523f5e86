package dev.tdsmock.cli;

import dev.tdsmock.capture.ClientStreams;
import dev.tdsmock.certs.CertificateStore;
import dev.tdsmock.diagnose.CapturedClient;
import dev.tdsmock.diagnose.ClientFingerprint;
import dev.tdsmock.diagnose.Diagnosis;
import dev.tdsmock.diagnose.TextCapture;
import dev.tdsmock.diagnose.Verdict;
import dev.tdsmock.scenario.ScenarioLoader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code tds-mock diagnose CAPTURE...}: for each client connection of each capture, a verdict per scenario. */
final class OfflineDiagnosis {
    private OfflineDiagnosis() {
    }

    /** @return the exit status: 0, or 1 when a file could not be read or held no client to judge */
    static int run(List<Path> captures, ScenarioLoader loader, CertificateStore certificates, PrintStream out) {
        Diagnosis diagnosis = Diagnosis.of(loader, certificates);
        int status = 0;
        for (Path capture : captures) {
            List<ClientStreams.Stream> streams;
            try {
                if (TextCapture.is(capture)) {
                    Optional<ClientFingerprint> client = TextCapture.read(capture);
                    if (client.isEmpty()) {
                        out.println(capture + ": no PRELOGIN nor ClientHello in it");
                        status = 1;
                    } else {
                        print(capture, "text capture", client.get(), diagnosis.verdicts(client.get()), out);
                    }
                    continue;
                }
                streams = ClientStreams.read(capture);
            } catch (java.nio.file.NoSuchFileException e) {
                out.println(capture + ": no such file");
                status = 1;
                continue;
            } catch (IOException | RuntimeException e) {
                out.println(capture + ": cannot be read: " + e.getMessage());
                status = 1;
                continue;
            }
            int judged = 0;
            for (ClientStreams.Stream stream : streams) {
                Optional<ClientFingerprint> client;
                try {
                    client = CapturedClient.of(stream.bytes());
                } catch (RuntimeException e) {
                    out.println(capture + ": " + stream.client() + " -> " + stream.server() + ": not a TDS client ("
                            + e.getMessage() + ")");
                    continue;
                }
                if (client.isEmpty()) {
                    continue;
                }
                judged++;
                print(capture, stream.client() + " -> " + stream.server(), client.get(),
                        diagnosis.verdicts(client.get()), out);
            }
            if (judged == 0) {
                out.println(capture + ": no TDS client connection in it");
                status = 1;
            }
        }
        return status;
    }

    private static void print(Path capture, String connection, ClientFingerprint client,
                              Map<String, Verdict> verdicts, PrintStream out) {
        out.println(capture + ": " + connection + ": client " + client.id()
                + (client.strict() ? ", TDS 8.0 strict" : "")
                + (client.library() == null ? "" : ", " + client.library())
                + (client.hello() == null ? ", no ClientHello" : ", " + client.hello().summary()));
        verdicts.forEach((scenario, verdict) -> out.println("  " + verdict.line(scenario)));
    }
}
