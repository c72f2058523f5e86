#!/usr/bin/env bash
# Builds, without any image registry, the two base images that docker/Dockerfile's FROM lines name:
#
#   localhost/tds-mock/build-base:bookworm-jdk17     Debian bookworm, openjdk-17-jdk-headless, maven
#   localhost/tds-mock/runtime-base:bookworm-jre17   Debian bookworm, openjdk-17-jre-headless, curl
#
# How: `debootstrap --variant=minbase bookworm` from deb.debian.org into a temporary folder, `podman import`
# of that tree as localhost/tds-mock/debian:bookworm-minbase, then one `podman build` per base image that
# installs the JDK or JRE with apt-get from bookworm, bookworm-updates and bookworm-security (so the
# images get Debian's security updates, and the packages' maintainer scripts run in a real container
# rather than in a chroot on the host).
#
# Idempotent: an image that already exists is kept (say --force to build all three again).
# Bounded: each step runs under `timeout` (BASE_IMAGE_STEP_TIMEOUT seconds, 600 by default).
# Needs: root, debootstrap, podman (docker/check.sh installs them with apt-get). With a Docker engine
# and no podman (or CONTAINER_ENGINE=docker), the same steps run with `docker import` / `docker build`,
# so that the images land where `docker compose` looks for them (that path was tried here only through
# a podman stand-in: this project's machines have no Docker engine).
#
#   docker/build-base-images.sh [--force]
#
# Environment: DEBIAN_MIRROR (default: the archive this machine's apt sources name for bookworm),
#              LOCAL_CA_DIR (default /usr/local/share/ca-certificates; see below),
#              DEBIAN_SECURITY_MIRROR (default: the one they name for bookworm-security),
#              PODMAN_RUNTIME (default runc), BASE_IMAGE_STEP_TIMEOUT (default 600),
#              CONTAINER_ENGINE (podman or docker; default podman when installed, else docker).
set -euo pipefail

MINBASE_IMAGE=localhost/tds-mock/debian:bookworm-minbase
BUILD_IMAGE=localhost/tds-mock/build-base:bookworm-jdk17
RUNTIME_IMAGE=localhost/tds-mock/runtime-base:bookworm-jre17

# The archive this machine's apt sources (deb822 .sources files or one-line .list entries) name for a
# suite, so that the images come from the same place as the host's packages.
apt_source_for() {
  local suite=$1
  {
    cat /etc/apt/sources.list.d/*.sources 2>/dev/null | awk -v suite="$suite" '
      /^URIs:/ { uri = $2 } /^Suites:/ { for (i = 2; i <= NF; i++) if ($i == suite) print uri }'
    cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | awk -v suite="$suite" '
      $1 == "deb" { i = 2; if ($i ~ /^\[/) { while ($i !~ /\]$/) i++; i++ } if ($(i + 1) == suite) print $i }'
  } | head -n 1 || true  # missing files and an early head are not errors here
}
mirror="${DEBIAN_MIRROR:-$(apt_source_for bookworm)}"
security_mirror="${DEBIAN_SECURITY_MIRROR:-$(apt_source_for bookworm-security)}"
if [ -z "$mirror" ] || [ -z "$security_mirror" ]; then
  echo "build-base-images: this machine's apt sources name no bookworm (and bookworm-security) archive;" \
       "set DEBIAN_MIRROR and DEBIAN_SECURITY_MIRROR" >&2
  exit 1
fi
runtime="${PODMAN_RUNTIME:-runc}"
step_timeout="${BASE_IMAGE_STEP_TIMEOUT:-600}"
# The build image trusts the CAs the host added to its own trust store (Debian: *.crt files under
# /usr/local/share/ca-certificates), so that Maven reaches Maven Central where HTTPS goes through a
# TLS-inspecting proxy (as on this project's machines, and in many offices). The runtime image does not.
# LOCAL_CA_DIR= (empty) turns this off.
local_ca_dir="${LOCAL_CA_DIR-/usr/local/share/ca-certificates}"

force=false
case "${1:-}" in
  --force) force=true ;;
  "") ;;
  -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
  *) echo "build-base-images: unknown argument '$1' (try --help)" >&2; exit 2 ;;
esac

say() { echo "build-base-images: $*"; }
die() { echo "build-base-images: FAILED: $*" >&2; exit 1; }

engine="${CONTAINER_ENGINE:-}"
if [ -z "$engine" ]; then
  if command -v podman >/dev/null; then engine=podman; elif command -v docker >/dev/null; then engine=docker; fi
fi
case "$engine" in
  podman) build_options=(--isolation=chroot --runtime "$runtime" --pull=never --format docker)
          import_options=(--quiet) ;;
  docker) build_options=(); import_options=() ;;
  "") die "neither podman nor docker is installed (apt-get install podman buildah runc fuse-overlayfs debootstrap)" ;;
  *) die "CONTAINER_ENGINE must be podman or docker, not '$engine'" ;;
esac
[ "$(id -u)" = 0 ] || die "needs root (debootstrap)"
for tool in "$engine" debootstrap tar timeout; do
  command -v "$tool" >/dev/null || die "'$tool' is not installed (apt-get install podman buildah runc fuse-overlayfs debootstrap)"
done

exists() { "$engine" image inspect "$1" >/dev/null 2>&1; }

# Temporary folders, removed on exit however the script ends (debootstrap may leave /proc or /sys
# mounted in its tree when it is killed: those are unmounted first).
work_dirs=()
cleanup() {
  local dir
  for dir in "${work_dirs[@]}"; do
    umount -R "$dir/rootfs/proc" 2>/dev/null || true
    umount -R "$dir/rootfs/sys" 2>/dev/null || true
    rm -rf --one-file-system "$dir"
  done
}
trap cleanup EXIT

# The apt-get options every image build uses: no recommends, no docs, quiet.
apt_install() {
  cat <<EOF
RUN set -eux; \\
    export DEBIAN_FRONTEND=noninteractive; \\
    apt-get update -qq; \\
    apt-get -y -qq upgrade; \\
    mkdir -p /usr/share/man/man1; \\
    apt-get install -y -qq --no-install-recommends $*; \\
    apt-get clean; \\
    rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin /var/log/apt /var/log/dpkg.log
EOF
}

build_minbase() {
  if ! $force && exists "$MINBASE_IMAGE"; then
    say "$MINBASE_IMAGE exists, kept"
    return
  fi
  local work
  work="$(mktemp -d /var/tmp/tds-mock-debootstrap.XXXXXX)"
  work_dirs+=("$work")
  say "debootstrap --variant=minbase bookworm from $mirror (about 30 s to 2 min)"
  local start=$SECONDS
  if ! timeout --foreground "$step_timeout" debootstrap --variant=minbase bookworm "$work/rootfs" "$mirror" \
       >"$work/debootstrap.log" 2>&1; then
    tail -n 30 "$work/debootstrap.log" >&2
    [ -f "$work/rootfs/debootstrap/debootstrap.log" ] && tail -n 30 "$work/rootfs/debootstrap/debootstrap.log" >&2
    die "debootstrap failed or took more than ${step_timeout}s (log above)"
  fi
  # Sources for the images' own apt-get: the release, its updates and its security updates.
  cat >"$work/rootfs/etc/apt/sources.list" <<EOF
deb $mirror bookworm main
deb $mirror bookworm-updates main
deb $security_mirror bookworm-security main
EOF
  rm -rf "$work/rootfs/var/cache/apt/archives/"*.deb "$work/rootfs/var/lib/apt/lists/"* "$work/rootfs/debootstrap"
  say "$engine import as $MINBASE_IMAGE"
  tar --numeric-owner -C "$work/rootfs" -c . \
    | timeout --foreground "$step_timeout" "$engine" import "${import_options[@]}" \
        --change 'ENV LANG=C.UTF-8' \
        --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
        --change 'CMD ["/bin/bash"]' \
        --message "debootstrap --variant=minbase bookworm $mirror" \
        - "$MINBASE_IMAGE" >/dev/null \
    || die "$engine import of the debootstrap tree failed"
  say "$MINBASE_IMAGE built in $((SECONDS - start)) s"
}

# build_on_minbase IMAGE LOCAL_CAS PACKAGES...: one podman build FROM the minbase image that installs
# PACKAGES; with LOCAL_CAS=yes the image also trusts the host's local CAs (see local_cas below).
build_on_minbase() {
  local image="$1" local_cas="$2"; shift 2
  if ! $force && exists "$image"; then
    say "$image exists, kept"
    return
  fi
  local work start=$SECONDS cas=""
  work="$(mktemp -d /var/tmp/tds-mock-base-image.XXXXXX)"
  work_dirs+=("$work")
  mkdir -p "$work/local-cas"
  if [ "$local_cas" = yes ] && [ -d "$local_ca_dir" ]; then
    (cd "$local_ca_dir" && find . -name '*.crt' -type f -exec cp --parents {} "$work/local-cas/" \;)
    cas="$(cd "$work/local-cas" && find . -name '*.crt' -type f | sed 's:^\./::' | sort | tr '\n' ' ')"
  fi
  {
    echo "FROM $MINBASE_IMAGE"
    echo "COPY local-cas/ /usr/local/share/ca-certificates/"
    apt_install "$@"
    # update-ca-certificates also rebuilds Java's trust store (/etc/ssl/certs/java/cacerts) from them.
    if [ -n "$cas" ]; then
      echo 'RUN update-ca-certificates >/dev/null'
    fi
    # Fail here, not in the project's build, when java is not what the Dockerfile expects.
    echo 'RUN java -version 2>&1 | grep -q "version \"17" || { java -version; exit 1; }'
  } >"$work/Containerfile"
  say "$engine build $image with $* (about 30 s to 3 min)"
  if [ -n "$cas" ]; then
    say "  $image also trusts the host's local CAs from $local_ca_dir: $cas"
  fi
  if ! timeout --foreground "$step_timeout" "$engine" build "${build_options[@]}" \
       -t "$image" -f "$work/Containerfile" "$work" >"$work/build.log" 2>&1; then
    tail -n 40 "$work/build.log" >&2
    die "$engine build of $image failed or took more than ${step_timeout}s (log above)"
  fi
  say "$image built in $((SECONDS - start)) s"
}

start=$SECONDS
build_minbase
build_on_minbase "$BUILD_IMAGE" yes ca-certificates openjdk-17-jdk-headless maven
build_on_minbase "$RUNTIME_IMAGE" no ca-certificates openjdk-17-jre-headless curl
say "base images ready in $((SECONDS - start)) s: $BUILD_IMAGE, $RUNTIME_IMAGE"
