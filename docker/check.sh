#!/usr/bin/env bash
# End-to-end check of the container image, with podman (no Docker engine needed):
#
#   1. installs podman, buildah, runc, fuse-overlayfs and debootstrap with apt-get when they are missing;
#   2. builds the base images (docker/build-base-images.sh; kept when they exist) and the image
#      (docker/Dockerfile, tagged localhost/tds-mock:latest, as docker/compose.yaml names it);
#   3. checks that the image's scenario table (--list), the Dockerfile's EXPOSE and compose.yaml's ports
#      name the same ports;
#   4. runs the image as compose.yaml does (every scenario, control API on 14300, a token from
#      TDS_MOCK_CONTROL_TOKEN, /data on a temporary folder) with every port published on 127.0.0.1 at
#      20000 + (port mod 10000): 1433 -> 21433, 14331 -> 24331, ..., 14300 -> 24300;
#   5. waits for GET /health, runs the image's HEALTHCHECK, checks the token, fetches GET /ca.pem (it must
#      be /data/certs/ca.pem) and trusts it;
#   6. connects with Microsoft's JDBC driver (mssql-jdbc, as pom.xml names it, from Maven Central) through
#      the published ports: on healthy (1433) it logs in over verified TLS (encrypt=true, then
#      encrypt=strict) and reads SELECT 1; on tls10-only (14331) its TLS handshake must end with a reset;
#      both connections must be in /data/journal.jsonl;
#   7. stops and removes the container (also on failure or interruption); the images are kept.
#
# Exit codes: 0 passed; 1 failed (the reason is printed last); 3 skipped: podman cannot be installed or
# cannot run containers here ("Docker check skipped: ..."); 2 bad usage.
#
# Environment: TDS_MOCK_CHECK_PORT_BASE (default 20000) moves the host ports; PODMAN_RUNTIME (default runc).
# Needs: root (apt-get, debootstrap), JDK 17 and Maven on the host (the client), Debian's packages and
# Maven Central reachable. Takes about 2.5 minutes from nothing on 2 cores (packages, base images, image),
# under 1 minute once the images exist. Every step is bounded (`timeout`); the base images and the image
# are kept for the next run.
set -euo pipefail

self="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/$(basename "${BASH_SOURCE[0]}")"
root="$(dirname "$(dirname "$self")")"
cd "$root"

IMAGE=localhost/tds-mock:latest
MINBASE_IMAGE=localhost/tds-mock/debian:bookworm-minbase
CONTROL_PORT=14300
HEALTHY_PORT=1433
FAULT_PORT=14331          # tls10-only: TLS 1.0 only, any other ClientHello is reset before ServerHello
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

# ---- 1. tools --------------------------------------------------------------------------------------------
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

# ---- 2. images -------------------------------------------------------------------------------------------
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
say "image built in ${image_seconds}s"
# Earlier runs' images would pile up (about 100 MB each time the sources change): the build stage's
# (labelled dev.tdsmock.stage=build; only its Maven step is lost, 15 to 35 s next time) and the untagged
# earlier localhost/tds-mock images. The base images are kept.
podman image prune -a -f --filter label=dev.tdsmock.stage=build >/dev/null 2>&1 || true
podman image prune -f --filter label=org.opencontainers.image.title=tds-mock >/dev/null 2>&1 || true

# ---- 3. ports: the image's scenarios, the Dockerfile's EXPOSE, compose.yaml -----------------------------
if ! table="$(podman run --rm "${run_options[@]}" --network none "$IMAGE" --list 2>&1)"; then
  echo "$table"
  fail "'$IMAGE --list' failed"
fi
scenario_ports="$(awk '$1 ~ /^[0-9]+$/ {print $1}' <<<"$table" | sort -n | tr '\n' ' ')"
[ -n "$scenario_ports" ] || { echo "$table"; fail "'$IMAGE --list' printed no scenario"; }
exposed_ports="$(podman image inspect "$IMAGE" --format '{{range $p, $v := .Config.ExposedPorts}}{{$p}} {{end}}' \
  | tr ' ' '\n' | sed -n 's:/tcp$::p' | grep -vx "$CONTROL_PORT" | sort -n | tr '\n' ' ')"
compose_ports="$(grep -oE '^[[:space:]]*- "[^"]*:[0-9]+:[0-9]+"' docker/compose.yaml \
  | grep -oE '[0-9]+"$' | tr -d '"' | grep -vx "$CONTROL_PORT" | sort -n | tr '\n' ' ')"
[ "$exposed_ports" = "$scenario_ports" ] \
  || fail "docker/Dockerfile's EXPOSE ($exposed_ports) is not the scenarios' ports ($scenario_ports): update it"
[ "$compose_ports" = "$scenario_ports" ] \
  || fail "docker/compose.yaml's ports ($compose_ports) are not the scenarios' ports ($scenario_ports): update it"
grep -qE "\"[^\"]*:$CONTROL_PORT:$CONTROL_PORT\"" docker/compose.yaml \
  || fail "docker/compose.yaml does not publish the control port $CONTROL_PORT"
say "$(wc -w <<<"$scenario_ports") scenario ports, the same in the image, EXPOSE and compose.yaml: $scenario_ports"

# ---- 4. run ----------------------------------------------------------------------------------------------
publish=()
for port in $scenario_ports $CONTROL_PORT; do
  hp="$(host_port "$port")"
  if (exec 3<>"/dev/tcp/127.0.0.1/$hp") 2>/dev/null; then
    fail "host port $hp (for $port) is already in use: set TDS_MOCK_CHECK_PORT_BASE to move the ports"
  fi
  publish+=(-p "127.0.0.1:$hp:$port")
done
container="tds-mock-check-$$"
data="$(mktemp -d /tmp/tds-mock-check-data.XXXXXX)"
work="$(mktemp -d /tmp/tds-mock-check.XXXXXX)"
chown 10001:10001 "$data"    # the image's tdsmock user
cleanup() {
  local code=$?
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

# ---- 5. health, token, CA --------------------------------------------------------------------------------
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
say "HEALTHCHECK (curl inside the container): $(podman inspect -f '{{.State.Health.Status}}' "$container")"

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

# ---- 6. a real client through the published ports ---------------------------------------------------------
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
say "tls10-only ($FAULT_PORT, published as $fault): encrypt=true; the TLS handshake must end with a reset"
client fails "jdbc:sqlserver://127.0.0.1:$fault;$login;encrypt=true;trustServerCertificate=true" "$FAULT_TEXT" \
  || fail "mssql-jdbc did not meet the tls10-only fault ('$FAULT_TEXT') through 127.0.0.1:$fault"

# The journal is written as connections end: give it a moment.
for _ in $(seq 1 10); do
  grep -q '"tls10-only"' "$data/journal.jsonl" 2>/dev/null && grep -q '"healthy"' "$data/journal.jsonl" && break
  sleep 1
done
grep -q '"healthy"' "$data/journal.jsonl" 2>/dev/null || fail "/data/journal.jsonl has no connection to healthy"
grep -q '"tls10-only"' "$data/journal.jsonl" || fail "/data/journal.jsonl has no connection to tls10-only"
say "/data/journal.jsonl: $(wc -l <"$data/journal.jsonl") connections, healthy and tls10-only among them"
ending="$(grep '"tls10-only"' "$data/journal.jsonl" | grep -o '"ending":{[^}]*}' | tail -n 1 || true)"
[ -z "$ending" ] || say "journal, tls10-only: $ending"

say "passed: base images ${base_seconds}s, image ${image_seconds}s, all $((SECONDS - started))s"
