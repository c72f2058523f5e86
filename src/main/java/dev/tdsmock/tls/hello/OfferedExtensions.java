package dev.tdsmock.tls.hello;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.tls.ExtensionType;

/** The extensions block of a ClientHello: every type in order, and the contents of those the server judges by. */
record OfferedExtensions(
        List<Integer> types,
        String serverName,
        List<String> alpn,
        List<Integer> supportedVersions,
        List<Integer> supportedGroups,
        List<Integer> signatureAlgorithms,
        List<Integer> signatureAlgorithmsCert,
        List<Integer> keyShareGroups) {

    /** A ClientHello that ends after its compression methods (allowed before TLS 1.3). */
    static final OfferedExtensions NONE = new OfferedExtensions(
            List.of(), null, List.of(), List.of(), List.of(), List.of(), List.of(), List.of());

    private static final int HOST_NAME = 0;

    /** Reads the whole block. When a type appears twice, the last one's contents are kept. */
    static OfferedExtensions read(FieldReader block) {
        List<Integer> types = new ArrayList<>();
        String serverName = null;
        List<String> alpn = List.of();
        List<Integer> supportedVersions = List.of();
        List<Integer> groups = List.of();
        List<Integer> signatureAlgorithms = List.of();
        List<Integer> signatureAlgorithmsCert = List.of();
        List<Integer> keyShareGroups = List.of();
        while (block.hasRemaining()) {
            int type = block.u16("extension type");
            FieldReader data = block.vector(TlsNames.extension(type) + " extension", 2);
            types.add(type);
            switch (type) {
                case ExtensionType.server_name -> serverName = hostName(data.onlyVector("server_name_list", 2));
                case ExtensionType.application_layer_protocol_negotiation ->
                        alpn = protocolNames(data.onlyVector("protocol_name_list", 2));
                case ExtensionType.supported_versions -> supportedVersions = data.onlyVector("versions", 1).u16List();
                case ExtensionType.supported_groups -> groups = data.onlyVector("named_group_list", 2).u16List();
                case ExtensionType.signature_algorithms ->
                        signatureAlgorithms = data.onlyVector("supported_signature_algorithms", 2).u16List();
                case ExtensionType.signature_algorithms_cert ->
                        signatureAlgorithmsCert = data.onlyVector("supported_signature_algorithms", 2).u16List();
                case ExtensionType.key_share -> keyShareGroups = keyShareGroups(data.onlyVector("client_shares", 2));
                default -> {
                    // logged by type only
                }
            }
        }
        return new OfferedExtensions(types, serverName, alpn, supportedVersions, groups,
                signatureAlgorithms, signatureAlgorithmsCert, keyShareGroups);
    }

    /** The first host_name of a ServerNameList (RFC 6066 section 3), or null. */
    private static String hostName(FieldReader list) {
        String hostName = null;
        while (list.hasRemaining()) {
            int nameType = list.u8("name_type");
            if (nameType != HOST_NAME) {
                // The layout of other name types is undefined, so nothing after one can be read.
                return hostName;
            }
            String name = list.vector("host_name", 2).text(StandardCharsets.US_ASCII);
            if (hostName == null) {
                hostName = name;
            }
        }
        return hostName;
    }

    private static List<String> protocolNames(FieldReader list) {
        List<String> names = new ArrayList<>();
        while (list.hasRemaining()) {
            FieldReader name = list.vector("protocol_name", 1);
            name.requireNonEmpty();
            // ISO-8859-1 keeps every byte, as the JDK's ALPN does by default.
            names.add(name.text(StandardCharsets.ISO_8859_1));
        }
        return names;
    }

    private static List<Integer> keyShareGroups(FieldReader shares) {
        List<Integer> groups = new ArrayList<>();
        while (shares.hasRemaining()) {
            groups.add(shares.u16("KeyShareEntry group"));
            shares.vector("key_exchange", 2);
        }
        return groups;
    }
}
