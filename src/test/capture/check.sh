#!/usr/bin/env bash
# Opens tds-mock's captures with tshark (Wireshark 4.0 of Debian 12) as a user would:
#   1. healthy, --capture DIR, mssql-jdbc over TLS 1.2: the pcapng holds the PRELOGIN, the ClientHello inside PRELOGIN
#      packets, and with the secrets it carries (no key log option given) Wireshark decrypts the TLS records: the
#      LOGIN7 (packet type 0x10) and the statement text "SELECT 1 AS one" (UTF-16, in its RPC) are in the
#      decrypted bytes.
#   2. tedious with TDS 8.0 strict (TLS 1.3 first on the socket): the decrypted bytes hold the PRELOGIN, the
#      LOGIN7 and the statement.
#   3. no-common-cipher: the capture shows the ClientHello and ends with the server's TCP RST.
#   src/test/capture/check.sh        (from the repository's root; needs tshark, Maven (mssql-jdbc from the test
#                                     classpath) and node with src/test/node installed)
set -euo pipefail
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
start() {  # SCENARIO PORT
  server/tds-mock --scenario "$1" --port "$2" --control-port -1 --journal none --capture "$work/$1" \
    >"$work/$1.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 120); do
    grep -q "listening on" "$work/$1.log" && return 0
    sleep 0.5
  done
  cat "$work/$1.log" >&2
  echo "capture check: server/tds-mock ($1) did not start" >&2
  exit 1
}
fail() { echo "capture check FAILED: $*" >&2; exit 1; }

# decrypted_text PCAP PORT PROTOCOL: the character column of every TLS record tshark decrypts, on one line; the
# port decoded as PROTOCOL: tds for TLS inside PRELOGIN packets, tls for TDS 8.0 (TLS first on the socket)
decrypted_text() {
  tshark -r "$1" -d "tcp.port==$2,$3" -x 2>/dev/null | awk '/^Decrypted TLS/ { on = 1; next } /^$/ { on = 0 } on' \
    >"$work/decrypted.txt"
  awk '{ print substr($0, 57) }' "$work/decrypted.txt" | tr -d '\n'
}

classpath="$work/classpath.txt"
mvn -B -q -Dstyle.color=never dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$classpath" \
  >&2
healthy=$(free_port)
start healthy "$healthy"
java -cp "$(cat "$classpath")" src/test/capture/SelectOne.java "$healthy" "$PWD/certs/ca.p12" >/dev/null \
  || fail "mssql-jdbc could not log in to healthy"
pcap="$work/healthy/$healthy-1.pcapng"
for _ in $(seq 1 20); do [ -s "${pcap%.pcapng}.keys" ] && break; sleep 0.5; done
[ -s "$pcap" ] || { ls -la "$work/healthy" >&2; fail "no capture $pcap"; }
tshark=(tshark -r "$pcap" -d "tcp.port==$healthy,tds")
[ "$("${tshark[@]}" -Y 'tds.type == 18' 2>/dev/null | wc -l)" -ge 2 ] || fail "no PRELOGIN in $pcap"
"${tshark[@]}" -Y 'tls.handshake.type == 1' 2>/dev/null | grep -q 'Client Hello' || fail "no ClientHello in $pcap"
text=$(decrypted_text "$pcap" "$healthy" tds)
grep -q '^0000  10 01 ' "$work/decrypted.txt" || fail "no LOGIN7 in the decrypted TLS of $pcap"
grep -q 'S.E.L.E.C.T. .1. .A.S. .o.n.e' <<<"$text" || fail "no SELECT 1 AS one in the decrypted TLS of $pcap"
echo "capture check: healthy, mssql-jdbc over TLS 1.2: PRELOGIN, ClientHello, and with the secrets inside the"\
  "capture the LOGIN7 and the SELECT decrypted"

(cd src/test/node && node select-one.js "$healthy" strict ../../../certs/ca.pem) >/dev/null
pcap="$work/healthy/$healthy-2.pcapng"
for _ in $(seq 1 20); do [ -s "${pcap%.pcapng}.keys" ] && break; sleep 0.5; done
grep -q '^CLIENT_TRAFFIC_SECRET_0 ' "${pcap%.pcapng}.keys" || fail "no TLS 1.3 secrets beside $pcap"
tshark -r "$pcap" -Y 'tls.handshake.type == 2' -V 2>/dev/null | grep -q 'Supported Version: TLS 1.3' \
  || fail "no TLS 1.3 ServerHello in $pcap"
text=$(decrypted_text "$pcap" "$healthy" tls)
grep -q '^0000  12 01 ' "$work/decrypted.txt" || fail "no PRELOGIN in the decrypted TLS 1.3 of $pcap"
grep -q '^0000  10 01 ' "$work/decrypted.txt" || fail "no LOGIN7 in the decrypted TLS 1.3 of $pcap"
grep -q 'S.E.L.E.C.T. .1. .A.S. .o.n.e' <<<"$text" || fail "no SELECT 1 AS one in the decrypted TLS 1.3 of $pcap"
echo "capture check: healthy, tedious with TDS 8.0 strict over TLS 1.3: PRELOGIN, LOGIN7 and the SELECT decrypted"

refused=$(free_port)
start no-common-cipher "$refused"
(cd src/test/node && node select-one.js "$refused" true ../../../certs/ca.pem) >/dev/null 2>&1 || true
pcap="$work/no-common-cipher/$refused-1.pcapng"
for _ in $(seq 1 20); do [ -s "$pcap" ] && break; sleep 0.5; done
tshark -r "$pcap" -d "tcp.port==$refused,tds" -Y 'tls.handshake.type == 1' 2>/dev/null | grep -q 'Client Hello' \
  || fail "no ClientHello in $pcap"
last=$(tshark -r "$pcap" -T fields -e tcp.srcport -e tcp.flags.reset 2>/dev/null | tail -n 1)
[ "$last" = "$refused	1" ] || [ "$last" = "$refused	True" ] || fail "$pcap does not end with the server's RST: '$last'"
echo "capture check: no-common-cipher: the ClientHello, then the server's RST"
