package dev.tdsmock.cli;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code tds-mock diagnose CAPTURE...}: the verdicts of every scenario on the clients of captures, offline. */
@Command(name = "diagnose", usageHelpAutoWidth = true,
        description = {"Reads each TCP connection of the captures (pcap or pcapng: tcpdump, Wireshark, tds-mock's"
                + " own), takes its client's fingerprint from what it sent (PRELOGIN, the ClientHello inside PRELOGIN"
                + " packets or first on the socket, a LOGIN7 in the clear) and prints, for every scenario of the"
                + " scenarios folder, whether that client would get in, why not, and the fix."})
final class DiagnoseArguments {
    @Parameters(paramLabel = "CAPTURE", arity = "1..*", description = "pcap or pcapng files")
    List<String> captures;
}
