#!/usr/bin/env bash
# End-to-end check of the container image, with podman (no Docker engine needed):
#
#   1. checks that every scenarios/*.conf names its listener.port and that it is within the ports the
#      image publishes without a list: 1433 (healthy) or 14301-14399 (every other scenario; 14300 is the
#      control API), each port used once. A new scenario needs only its file;
#   2. installs podman, buildah, runc, fuse-overlayfs and debootstrap with apt-get when they are missing;
#   3. builds the base images (docker/build-base-images.sh; kept when they exist) and the image
#      (docker/Dockerfile, tagged localhost/tds-mock:latest, as docker/compose.yaml names it);
#   4. checks that the image's scenario table (--list) has the ports read in step 1, that the image
#      exposes 1433 and 14300-14399 and that compose.yaml publishes 1433, 14300 and 14301-14399;
#   5. runs the image as compose.yaml does (every scenario, control API on 14300, a token from
#      TDS_MOCK_CONTROL_TOKEN, /data on a temporary folder) with its ports published on 127.0.0.1 at
#      20000 + (port mod 10000): 1433 -> 21433, 14300 -> 24300, 14301-14399 -> 24301-24399;
#   6. waits for GET /health, runs the image's HEALTHCHECK, checks the token, fetches GET /ca.pem (it must
#      be /data/certs/ca.pem) and trusts it; checks that every scenario's port takes a TCP connection
#      through the published range;
#   7. connects with Microsoft's JDBC driver (mssql-jdbc, as pom.xml names it, from Maven Central) through
#      the published ports: on healthy (1433) it logs in over verified TLS (encrypt=true, then
#      encrypt=strict) and reads SELECT 1; on no-common-cipher (14334) its TLS handshake must end with a reset;
#      both connections must be in /data/journal.jsonl;
#   8. stops that container and runs TdsMockContainerIT (src/test/java/dev/tdsmock/testcontainers/) with Maven:
#      the Testcontainers class starts the image itself (every scenario, then one) through podman's
#      Docker-compatible API, served on a socket of this run's own, and the test logs in, adds a fault and
#      reads the journal through its control client;
#   9. stops and removes the container and the API service (also on failure or interruption); the images
#      are kept.
#
# Exit codes: 0 passed; 1 failed (the reason is printed last); 3 skipped: podman cannot be installed or
# cannot run containers here ("Docker check skipped: ..."); 2 bad usage.
#
# Environment: TDS_MOCK_CHECK_PORT_BASE (default 20000) moves the host ports; PODMAN_RUNTIME (default runc).
# Needs: root (apt-get, debootstrap), JDK 17 and Maven on the host (the client), Debian's packages and
# Maven Central reachable. Takes about 3 minutes from nothing on 2 cores (packages, base images, image),
# about 1.5 minutes once the images exist (step 8 compiles the tests unless `mvn verify` just did). Every
# step is bounded (`timeout`); the base images and the image are kept for the next run.
set -euo pipefail

self="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/$(basename "${BASH_SOURCE[0]}")"
root="$(dirname "$(dirname "$self")")"
cd "$root"

IMAGE=localhost/tds-mock:latest
MINBASE_IMAGE=localhost/tds-mock/debian:bookworm-minbase
CONTROL_PORT=14300
HEALTHY_PORT=1433
SCENARIO_FIRST=14301      # every scenario but healthy is in 14301-14399: the image exposes and compose.yaml
SCENARIO_LAST=14399       # publishes the whole range, so that a new scenario needs no port list edited
FAULT_PORT=14334          # no-common-cipher: no cipher suite in common, reset before ServerHello
FAULT_TEXT="Connection reset"
port_base="${TDS_MOCK_CHECK_PORT_BASE:-20000}"
runtime="${PODMAN_RUNTIME:-runc}"
# This kind of machine refuses podman's default rlimits (error setting rlimit type 7): set them.
run_options=(--runtime "$runtime" --ulimit nofile=1024:1024 --ulimit nproc=1024:1024)

case "${1:-}" in
  "") ;;
  -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$self"; exit 0 ;;
  *) echo "docker/check.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
esac

started=$SECONDS
say() { printf 'docker check [%3ds]: %s\n' "$((SECONDS - started))" "$*"; }
skip() { echo "Docker check skipped: $*"; exit 3; }
failure=""
fail() { failure="$*"; echo "Docker check FAILED: $*" >&2; exit 1; }
host_port() { echo $((port_base + $1 % 10000)); }
case "$port_base" in
  ''|*[!0-9]*) echo "docker/check.sh: TDS_MOCK_CHECK_PORT_BASE must be a number, not '$port_base'" >&2; exit 2 ;;
esac
if [ $((port_base + SCENARIO_LAST % 10000)) -gt 65535 ] || [ $((port_base + HEALTHY_PORT % 10000)) -lt 1024 ]; then
  echo "docker/check.sh: TDS_MOCK_CHECK_PORT_BASE=$port_base puts the host ports outside 1024-65535" >&2; exit 2
fi

# ---- 1. the scenarios' ports -----------------------------------------------------------------------------
# listener.port of a HOCON file, written `listener.port = N`, `listener { port = N }` or the like (`:` for
# `=`, `listener = {`); the last one wins, as in HOCON. Empty when the file names none. Step 4 checks the
# result against the image's own table (--list), which the server's loader prints.
listener_port() {
  awk '
    { line = $0
      gsub(/"([^"\\]|\\.)*"/, "\"\"", line)        # strings cannot hide braces or comments
      sub(/(#|\/\/).*/, "", line)                     # comments
      gsub(/[{}=:,]/, " & ", line)
      n = split(line, t, /[ \t]+/)
      for (i = 1; i <= n; i++) {
        if (t[i] == "") continue
        if (t[i] == "{") { stack[++depth] = key; key = ""; continue }
        if (t[i] == "}") { if (depth > 0) depth--; key = ""; continue }
        if (t[i] == "=" || t[i] == ":") { separated = 1; continue }
        if (separated && key != "") {
          path = key
          for (d = depth; d >= 1; d--) if (stack[d] != "") path = stack[d] "." path
          if (path == "listener.port") port = t[i]
          key = ""; separated = 0; continue
        }
        key = t[i]; separated = 0
      }
    }
    END { print port }
  ' "$1"
}
file_ports=()
declare -A port_file=()
shopt -s nullglob
confs=(scenarios/*.conf)
shopt -u nullglob
[ ${#confs[@]} -gt 0 ] || fail "scenarios/ has no *.conf file"
for conf in "${confs[@]}"; do
  port="$(listener_port "$conf")"
  [ -n "$port" ] || fail "$conf names no listener.port: every scenario needs its own port, 1433 (healthy) or one in $SCENARIO_FIRST-$SCENARIO_LAST"
  [[ "$port" =~ ^[0-9]+$ ]] || fail "$conf: listener.port is '$port', not a port number"
  if [ "$port" != "$HEALTHY_PORT" ] && { [ "$port" -lt "$SCENARIO_FIRST" ] || [ "$port" -gt "$SCENARIO_LAST" ]; }; then
    fail "$conf: listener.port $port is outside the ports the image publishes: scenarios use $SCENARIO_FIRST-$SCENARIO_LAST (1433 is healthy's, $CONTROL_PORT the control API's); pick a free port in $SCENARIO_FIRST-$SCENARIO_LAST"
  fi
  [ -z "${port_file[$port]:-}" ] || fail "$conf: listener.port $port is also ${port_file[$port]}'s: each scenario needs a port of its own"
  port_file[$port]="$conf"
  file_ports+=("$port")
done
file_ports_sorted="$(printf '%s\n' "${file_ports[@]}" | sort -n | tr '\n' ' ')"
say "${#confs[@]} scenarios in scenarios/, each on its own port, 1433 or in $SCENARIO_FIRST-$SCENARIO_LAST"

# ---- 2. tools --------------------------------------------------------------------------------------------
[ "$(uname -s)" = Linux ] || skip "podman with runc needs Linux, this is $(uname -s)"
# The packages the environment notes name, plus debootstrap, curl and netavark (podman's network backend
# on a fresh storage; with recommends, as the notes install them).
packages=(podman buildah runc fuse-overlayfs debootstrap curl netavark aardvark-dns iptables)
missing=()
for package in "${packages[@]}"; do
  if command -v dpkg-query >/dev/null; then
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'ok installed' || missing+=("$package")
  else
    command -v "$package" >/dev/null || missing+=("$package")
  fi
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    skip "${missing[*]} not installed, and they cannot be installed here (needs root and apt-get)"
  fi
  say "installing ${missing[*]} with apt-get"
  if ! { timeout --foreground 300 apt-get update -qq \
         && DEBIAN_FRONTEND=noninteractive timeout --foreground 600 apt-get install -y -qq "${packages[@]}"; } \
       >/tmp/tds-mock-check-apt.log 2>&1; then
    tail -n 15 /tmp/tds-mock-check-apt.log
    skip "apt-get could not install ${missing[*]} (log above)"
  fi
fi
[ "$(id -u)" = 0 ] || skip "the base images need root (debootstrap); run as root"
if ! podman_info="$(podman info 2>&1)"; then
  skip "podman cannot work here: $(tail -n 1 <<<"$podman_info")"
fi
for tool in java keytool mvn; do
  command -v "$tool" >/dev/null || fail "'$tool' is missing on the host: the client needs JDK 17 and Maven"
done
say "podman $(podman version --format '{{.Client.Version}}' 2>/dev/null), runtime $runtime"

# ---- 3. images -------------------------------------------------------------------------------------------
# Can podman run a container at all? Asked as soon as an image exists, so that a machine that cannot is
# told apart from a broken build.
can_run() {
  local out
  if ! out="$(podman run --rm "${run_options[@]}" --network none "$MINBASE_IMAGE" true 2>&1)"; then
    skip "podman cannot run containers here: $(grep -v '^time=' <<<"$out" | tail -n 1)"
  fi
}
t=$SECONDS
if ! CONTAINER_ENGINE=podman docker/build-base-images.sh; then
  podman image exists "$MINBASE_IMAGE" && can_run
  fail "the base images could not be built (docker/build-base-images.sh above)"
fi
can_run
base_seconds=$((SECONDS - t))

t=$SECONDS
mkdir -p "$HOME/.m2"
build_log="$(mktemp /tmp/tds-mock-image-build.XXXXXX.log)"
say "building $IMAGE from docker/Dockerfile (log, kept if it fails: $build_log)"
if ! timeout --foreground 1200 podman build --isolation=chroot --runtime "$runtime" --pull=never --format docker \
     -v "$HOME/.m2:/root/.m2:z" -f docker/Dockerfile -t "$IMAGE" . >"$build_log" 2>&1; then
  tail -n 40 "$build_log"
  fail "podman build of docker/Dockerfile failed or took more than 20 minutes (log above)"
fi
image_seconds=$((SECONDS - t))
rm -f "$build_log"
say "image built in ${image_seconds}s: $(podman image inspect --format '{{.Size}}' "$IMAGE" | awk '{printf "%.0f MB", $1 / 1e6}')"
# Earlier runs' images would pile up (about 100 MB each time the sources change): the build stage's
# (labelled dev.tdsmock.stage=build; only its Maven step is lost, 15 to 35 s next time) and the untagged
# earlier localhost/tds-mock images. The base images are kept.
podman image prune -a -f --filter label=dev.tdsmock.stage=build >/dev/null 2>&1 || true
podman image prune -f --filter label=org.opencontainers.image.title=tds-mock >/dev/null 2>&1 || true

# ---- 4. ports: the image's scenarios, the Dockerfile's EXPOSE, compose.yaml -----------------------------
if ! table="$(podman run --rm "${run_options[@]}" --network none "$IMAGE" --list 2>&1)"; then
  echo "$table"
  fail "'$IMAGE --list' failed"
fi
scenario_ports="$(awk '$1 ~ /^[0-9]+$/ {print $1}' <<<"$table" | sort -n | tr '\n' ' ')"
[ -n "$scenario_ports" ] || { echo "$table"; fail "'$IMAGE --list' printed no scenario"; }
if [ "$scenario_ports" != "$file_ports_sorted" ]; then
  echo "$table"
  fail "the image's scenario table (--list, above) has the ports $scenario_ports, but docker/check.sh read $file_ports_sorted in scenarios/*.conf: is the image stale, or does listener_port() in docker/check.sh misread a file?"
fi
# The EXPOSE range comes out as one entry per port (or as the range itself, depending on the engine).
exposed="$(podman image inspect "$IMAGE" --format '{{range $p, $v := .Config.ExposedPorts}}{{$p}} {{end}}' \
  | tr ' ' '\n' | sed -n 's:/tcp$::p')"
exposes() {  # exposes PORT: whether EXPOSE names PORT alone or in a range
  awk -v p="$1" -F- '($1 == p && NF == 1) || (NF == 2 && $1 <= p && p <= $2) { found = 1 } END { exit !found }' \
    <<<"$exposed"
}
for port in $HEALTHY_PORT $(seq "$CONTROL_PORT" "$SCENARIO_LAST"); do
  exposes "$port" || fail "the image does not expose port $port: docker/Dockerfile must say EXPOSE $HEALTHY_PORT $CONTROL_PORT-$SCENARIO_LAST"
done
for mapping in "$HEALTHY_PORT:$HEALTHY_PORT" "$CONTROL_PORT:$CONTROL_PORT" \
               "$SCENARIO_FIRST-$SCENARIO_LAST:$SCENARIO_FIRST-$SCENARIO_LAST"; do
  grep -qE "^[[:space:]]*- \"[^\"]*:$mapping\"" docker/compose.yaml \
    || fail "docker/compose.yaml does not publish $mapping (it must publish $HEALTHY_PORT, $CONTROL_PORT and $SCENARIO_FIRST-$SCENARIO_LAST)"
done
say "$(wc -w <<<"$scenario_ports") scenario ports in the image's table, as in scenarios/*.conf; EXPOSE and compose.yaml cover $HEALTHY_PORT, $CONTROL_PORT and $SCENARIO_FIRST-$SCENARIO_LAST"

# ---- 5. run ----------------------------------------------------------------------------------------------
for port in $HEALTHY_PORT $(seq "$CONTROL_PORT" "$SCENARIO_LAST"); do
  hp="$(host_port "$port")"
  if (exec 3<>"/dev/tcp/127.0.0.1/$hp") 2>/dev/null; then
    fail "host port $hp (for $port) is already in use: set TDS_MOCK_CHECK_PORT_BASE to move the ports"
  fi
done
# As compose.yaml publishes them: healthy, the control API, the scenarios' range as one mapping.
publish=(-p "127.0.0.1:$(host_port $HEALTHY_PORT):$HEALTHY_PORT"
         -p "127.0.0.1:$(host_port $CONTROL_PORT):$CONTROL_PORT"
         -p "127.0.0.1:$(host_port $SCENARIO_FIRST)-$(host_port $SCENARIO_LAST):$SCENARIO_FIRST-$SCENARIO_LAST")
container="tds-mock-check-$$"
data="$(mktemp -d /tmp/tds-mock-check-data.XXXXXX)"
work="$(mktemp -d /tmp/tds-mock-check.XXXXXX)"
chown 10001:10001 "$data"    # the image's tdsmock user
service_pid=""
cleanup() {
  local code=$?
  if [ -n "$service_pid" ]; then
    # Containers of an interrupted TdsMockContainerIT (Testcontainers removes its own when the test ends).
    podman ps -aq --filter label=org.testcontainers=true --filter "ancestor=$IMAGE" 2>/dev/null \
      | xargs -r podman rm -f -t 5 >/dev/null 2>&1 || true
    kill "$service_pid" 2>/dev/null || true
    wait "$service_pid" 2>/dev/null || true
  fi
  if podman container exists "$container" 2>/dev/null; then
    if [ "$code" != 0 ]; then
      echo "---- last lines of the container's log ----"
      podman logs --tail 40 "$container" 2>&1 || true
      echo "-------------------------------------------"
      [ -z "$failure" ] || echo "Docker check FAILED: $failure" >&2
    fi
    podman rm -f -t 5 "$container" >/dev/null 2>&1 || echo "docker check: could not remove container $container"
  fi
  rm -rf "$data" "$work"
  exit "$code"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

TDS_MOCK_CONTROL_TOKEN="check-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
export TDS_MOCK_CONTROL_TOKEN
control="http://127.0.0.1:$(host_port $CONTROL_PORT)"
say "starting $container: every port on 127.0.0.1 at $port_base + (port mod 10000), control API on $control"
# podman says "unable to get systemd connection to add healthchecks" on a machine without systemd: the
# container runs anyway, and the health check is run by hand below.
if ! podman run -d --name "$container" "${run_options[@]}" -e TDS_MOCK_CONTROL_TOKEN \
     -v "$data:/data" "${publish[@]}" "$IMAGE" >"$work/run.log" 2>&1; then
  grep -v 'systemd' "$work/run.log" || true
  if grep -qiE 'OCI runtime|runc|cgroup|netavark|CNI|iptables|network' "$work/run.log"; then
    skip "podman cannot run this container with published ports here: $(grep -v systemd "$work/run.log" | tail -n 1)"
  fi
  fail "podman run failed (above)"
fi

# ---- 6. health, token, CA --------------------------------------------------------------------------------
health=""
for _ in $(seq 1 90); do
  if health="$(curl -fsS --max-time 2 "$control/health" 2>/dev/null)"; then
    break
  fi
  health=""
  [ "$(podman inspect -f '{{.State.Running}}' "$container" 2>/dev/null)" = true ] \
    || fail "the container stopped before GET /health answered (its log is printed below)"
  sleep 1
done
[ -n "$health" ] || fail "GET $control/health did not answer 200 within 90 s"
say "GET /health: $(tr -d ' \n' <<<"$health")"
grep -q '"ok"' <<<"$health" || fail "GET /health did not say ok"

podman healthcheck run "$container" >/dev/null 2>&1 \
  || fail "the image's HEALTHCHECK failed inside the container"
say "HEALTHCHECK (docker/healthcheck inside the container): $(podman inspect -f '{{.State.Health.Status}}' "$container")"

code="$(curl -sS -o /dev/null -w '%{http_code}' --max-time 5 "$control/scenarios")"
[ "$code" = 401 ] || [ "$code" = 403 ] || fail "GET /scenarios without the token answered $code, not 401/403"
code="$(curl -sS -o "$work/scenarios.json" -w '%{http_code}' --max-time 5 \
  -H "Authorization: Bearer $TDS_MOCK_CONTROL_TOKEN" "$control/scenarios")"
[ "$code" = 200 ] || fail "GET /scenarios with the token from TDS_MOCK_CONTROL_TOKEN answered $code, not 200"
say "control token: GET /scenarios answers 401/403 without it, 200 with it"

curl -fsS --max-time 5 -o "$work/ca.pem" "$control/ca.pem" || fail "GET /ca.pem failed"
grep -q 'BEGIN CERTIFICATE' "$work/ca.pem" || fail "GET /ca.pem returned no PEM certificate"
cmp -s "$work/ca.pem" "$data/certs/ca.pem" || fail "GET /ca.pem is not the CA in /data/certs/ca.pem"
keytool -importcert -noprompt -alias tds-mock-ca -file "$work/ca.pem" -keystore "$work/ca.p12" \
  -storetype PKCS12 -storepass changeit >/dev/null 2>&1 || fail "keytool could not read GET /ca.pem"
say "GET /ca.pem: $(openssl x509 -noout -subject -in "$work/ca.pem" 2>/dev/null || echo 'a PEM certificate'), same as /data/certs/ca.pem"

# Every scenario answers on its port through the published mappings (the range included): a TCP connect,
# closed at once.
for port in $scenario_ports; do
  hp="$(host_port "$port")"
  timeout 5 bash -c "exec 3<>/dev/tcp/127.0.0.1/$hp" 2>/dev/null \
    || fail "no TCP connection to ${port_file[$port]:-the scenario on $port} ($port) through 127.0.0.1:$hp"
done
say "every scenario's port takes a TCP connection through 127.0.0.1 ($(wc -w <<<"$scenario_ports") ports)"

# ---- 7. a real client through the published ports ---------------------------------------------------------
driver_version="$(sed -n 's:.*<mssql.jdbc.version>\(.*\)</mssql.jdbc.version>.*:\1:p' pom.xml | head -n 1)"
driver_version="${driver_version:-13.6.2.jre11}"
repository="$HOME/.m2/repository"
driver="$repository/com/microsoft/sqlserver/mssql-jdbc/$driver_version/mssql-jdbc-$driver_version.jar"
if [ ! -f "$driver" ]; then
  say "fetching mssql-jdbc $driver_version from Maven Central"
  timeout --foreground 300 mvn -q -B dependency:get -Dmaven.repo.local="$repository" \
      -Dartifact="com.microsoft.sqlserver:mssql-jdbc:$driver_version" -Dtransitive=false \
    || fail "could not fetch mssql-jdbc $driver_version"
fi
client() { timeout --foreground 120 java -cp "$driver" docker/check/CheckClient.java "$@"; }
login="user=sa;password=Secret123!;loginTimeout=20"
healthy="$(host_port $HEALTHY_PORT)"
fault="$(host_port $FAULT_PORT)"

say "healthy ($HEALTHY_PORT, published as $healthy): encrypt=true, trusting GET /ca.pem"
client select-one "jdbc:sqlserver://127.0.0.1:$healthy;$login;encrypt=true;hostNameInCertificate=localhost;trustStore=$work/ca.p12;trustStorePassword=changeit" \
  || fail "mssql-jdbc could not read SELECT 1 on healthy through 127.0.0.1:$healthy"
say "healthy ($HEALTHY_PORT, published as $healthy): encrypt=strict (TDS 8.0), trusting GET /ca.pem"
client select-one "jdbc:sqlserver://127.0.0.1:$healthy;$login;encrypt=strict;hostNameInCertificate=localhost;trustStore=$work/ca.p12;trustStorePassword=changeit" \
  || fail "mssql-jdbc could not read SELECT 1 on healthy in strict mode through 127.0.0.1:$healthy"
say "no-common-cipher ($FAULT_PORT, published as $fault): encrypt=true; the TLS handshake must end with a reset"
client fails "jdbc:sqlserver://127.0.0.1:$fault;$login;encrypt=true;trustServerCertificate=true" "$FAULT_TEXT" \
  || fail "mssql-jdbc did not meet the no-common-cipher fault ('$FAULT_TEXT') through 127.0.0.1:$fault"

# The journal is written as connections end: give it a moment.
for _ in $(seq 1 10); do
  grep -q '"no-common-cipher"' "$data/journal.jsonl" 2>/dev/null && grep -q '"healthy"' "$data/journal.jsonl" && break
  sleep 1
done
grep -q '"healthy"' "$data/journal.jsonl" 2>/dev/null || fail "/data/journal.jsonl has no connection to healthy"
grep -q '"no-common-cipher"' "$data/journal.jsonl" || fail "/data/journal.jsonl has no connection to no-common-cipher"
say "/data/journal.jsonl: $(wc -l <"$data/journal.jsonl") connections, healthy and no-common-cipher among them"
ending="$(grep '"no-common-cipher"' "$data/journal.jsonl" | grep -o '"ending":{[^}]*}' | tail -n 1 || true)"
[ -z "$ending" ] || say "journal, no-common-cipher: $ending"

podman rm -f -t 5 "$container" >/dev/null 2>&1 || fail "could not remove container $container"

# ---- 8. Testcontainers: TdsMockContainerIT -----------------------------------------------------------------
# Testcontainers speaks the Docker API: `podman system service` serves it on a socket in $work, for this run
# only. What Testcontainers does not know about this machine is set around it:
#  - the runtime and rlimits of run_options, from a containers.conf of the service's own (CONTAINERS_CONF),
#    for every container it creates;
#  - TESTCONTAINERS_RYUK_DISABLED: Ryuk, the container that removes a test's containers after a crash, is an
#    image from Docker Hub (no image registry is reachable here) and needs a privileged container on podman;
#    the test stops its containers itself, and cleanup() removes any an interruption left;
#  - TESTCONTAINERS_HOST_OVERRIDE=localhost: this machine has a /.dockerenv, from which Testcontainers
#    concludes that it runs in a container and would reach the published ports through the bridge's gateway
#    address; they are published on every address of the host, loopback included.
ulimits=()
for ((i = 0; i < ${#run_options[@]}; i++)); do
  [ "${run_options[$i]}" != --ulimit ] || ulimits+=("\"${run_options[$((i + 1))]}\"")
done
{
  echo '[containers]'
  echo "default_ulimits = [$(IFS=,; echo "${ulimits[*]}")]"
  echo '[engine]'
  echo "runtime = \"$runtime\""
} >"$work/containers.conf"
socket="$work/podman.sock"
CONTAINERS_CONF="$work/containers.conf" podman system service --time=0 "unix://$socket" \
  >"$work/podman-service.log" 2>&1 &
service_pid=$!
for _ in $(seq 1 30); do
  [ "$(curl -sS --max-time 2 --unix-socket "$socket" http://podman/_ping 2>/dev/null)" = OK ] && break
  kill -0 "$service_pid" 2>/dev/null || { cat "$work/podman-service.log"; fail "podman system service stopped at once (above)"; }
  sleep 1
done
[ "$(curl -sS --max-time 2 --unix-socket "$socket" http://podman/_ping 2>/dev/null)" = OK ] \
  || fail "podman system service did not answer on $socket within 30 s"
it_log="$(mktemp /tmp/tds-mock-tc-it.XXXXXX.log)"
say "TdsMockContainerIT through Testcontainers, podman's API on $socket (Maven's log, kept if it fails: $it_log)"
if ! DOCKER_HOST="unix://$socket" TESTCONTAINERS_RYUK_DISABLED=true TESTCONTAINERS_HOST_OVERRIDE=localhost \
     timeout --foreground 600 mvn -B --no-transfer-progress -Dtest=TdsMockContainerIT \
       -Dsurefire.failIfNoSpecifiedTests=false -Dinvoker.skip=true test </dev/null >"$it_log" 2>&1; then
  grep -E '^TdsMockContainerIT:|^\[ERROR\]' "$it_log" | head -n 60 || tail -n 60 "$it_log"
  fail "TdsMockContainerIT failed or took more than 10 minutes (its output above)"
fi
grep '^TdsMockContainerIT:' "$it_log" | cut -c1-400 | sed 's/^/  /'
counts="$(grep -E 'Tests run: [0-9]+, Failures: [0-9]+, Errors: [0-9]+, Skipped: [0-9]+$' "$it_log" | tail -n 1 \
  | sed -E 's/.*Tests run: ([0-9]+), Failures: ([0-9]+), Errors: ([0-9]+), Skipped: ([0-9]+)/\1 \2 \3 \4/')"
read -r it_run _ _ it_skipped <<<"${counts:-0 0 0 0}"
[ "$it_run" -gt 0 ] && [ "$it_skipped" = 0 ] \
  || fail "TdsMockContainerIT ran $it_run tests, $it_skipped skipped: it must run them all (see $it_log)"
rm -f "$it_log"
say "TdsMockContainerIT: $it_run tests, none failed or skipped"

say "passed: base images ${base_seconds}s, image ${image_seconds}s, all $((SECONDS - started))s"
