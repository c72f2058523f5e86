#!/usr/bin/env bash
# Builds, without any image registry, the base images that docker/Dockerfile's FROM lines name:
#
#   localhost/tds-mock/build-base:bookworm-jdk17     Debian bookworm, openjdk-17-jdk-headless (with the jmods
#                                                    jlink builds the image's Java runtime from), maven
#   localhost/tds-mock/runtime-base:bookworm-slim    Debian bookworm minbase with its security updates, without
#                                                    documentation, manual pages, translations or apt's package
#                                                    lists, flattened into one layer; no Java: the image brings
#                                                    its own runtime, made by jlink in the build stage
#
# How: `debootstrap --variant=minbase bookworm` from deb.debian.org into a temporary folder, `podman import`
# of that tree as localhost/tds-mock/debian:bookworm-minbase, then one `podman build` per base image FROM it
# that runs apt-get against bookworm, bookworm-updates and bookworm-security (so the images get Debian's
# security updates, and the packages' maintainer scripts run in a real container rather than in a chroot
# on the host). The runtime base is trimmed in a first stage and copied whole onto an empty image, as
# files deleted in a layer of their own would still be in the layer below; a dpkg setting in it keeps
# documentation, manual pages and translations out of what apt-get installs there later.
#
# Idempotent: an image that already exists is kept (say --force to build all three again; the images they
# replace are removed when nothing else uses them).
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
RUNTIME_IMAGE=localhost/tds-mock/runtime-base:bookworm-slim

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

# The apt-get steps every image build starts with: the security updates, then PACKAGES (none: updates only)
# without recommends; apt's package lists and caches are not kept.
apt_install() {
  local install=""
  [ $# -eq 0 ] || install="apt-get install -y -qq --no-install-recommends $*; "
  cat <<EOF
RUN set -eux; \\
    export DEBIAN_FRONTEND=noninteractive; \\
    apt-get update -qq; \\
    apt-get -y -qq upgrade; \\
    mkdir -p /usr/share/man/man1; \\
    ${install}apt-get clean; \\
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

# A temporary build folder for one image, removed on exit.
new_context() {
  local work
  work="$(mktemp -d /var/tmp/tds-mock-base-image.XXXXXX)"
  work_dirs+=("$work")
  echo "$work"
}

# build_context IMAGE CONTEXT WHAT: `build` of CONTEXT/Containerfile as IMAGE, unless IMAGE exists (and no
# --force). WHAT says what the image holds, for the messages. With --force, the image it replaces is removed
# unless something still uses it (a container, another tag, a child image).
build_context() {
  local image="$1" work="$2" what="$3" start=$SECONDS old_id new_id
  if ! $force && exists "$image"; then
    say "$image exists, kept"
    return
  fi
  old_id="$("$engine" image inspect --format '{{.Id}}' "$image" 2>/dev/null || true)"
  say "$engine build $image: $what (about 30 s to 3 min)"
  if ! timeout --foreground "$step_timeout" "$engine" build "${build_options[@]}" \
       -t "$image" -f "$work/Containerfile" "$work" >"$work/build.log" 2>&1; then
    tail -n 40 "$work/build.log" >&2
    die "$engine build of $image failed or took more than ${step_timeout}s (log above)"
  fi
  say "$image built in $((SECONDS - start)) s"
  new_id="$("$engine" image inspect --format '{{.Id}}' "$image" 2>/dev/null || true)"
  if [ -n "$old_id" ] && [ "$old_id" != "$new_id" ]; then
    if "$engine" image rm "$old_id" >/dev/null 2>&1; then
      say "  the earlier $image (${old_id:0:12}) removed"
    else
      say "  the earlier $image (${old_id:0:12}) is still in use, kept"
    fi
  fi
}

# The build image: JDK 17 with its jmods (for jlink; bookworm's openjdk-17-jdk-headless holds them, later
# Debian releases ship them as openjdk-17-jmods) and Maven; it trusts the host's local CAs (see local_ca_dir
# above).
build_build_base() {
  if ! $force && exists "$BUILD_IMAGE"; then
    say "$BUILD_IMAGE exists, kept"
    return
  fi
  local work cas=""
  work="$(new_context)"
  mkdir -p "$work/local-cas"
  if [ -d "$local_ca_dir" ]; then
    (cd "$local_ca_dir" && find . -name '*.crt' -type f -exec cp --parents {} "$work/local-cas/" \;)
    cas="$(cd "$work/local-cas" && find . -name '*.crt' -type f | sed 's:^\./::' | sort | tr '\n' ' ')"
  fi
  {
    echo "FROM $MINBASE_IMAGE"
    echo "COPY local-cas/ /usr/local/share/ca-certificates/"
    apt_install ca-certificates openjdk-17-jdk-headless maven
    # update-ca-certificates also rebuilds Java's trust store (/etc/ssl/certs/java/cacerts) from them.
    if [ -n "$cas" ]; then
      echo 'RUN update-ca-certificates >/dev/null'
    fi
    # Fail here, not in the project's build, when the JDK is not what the Dockerfile expects.
    echo 'RUN java -version 2>&1 | grep -q "version \"17" || { java -version; exit 1; }; \'
    echo '    test -f "$(dirname "$(dirname "$(readlink -f "$(command -v jlink)")")")/jmods/java.base.jmod"'
  } >"$work/Containerfile"
  [ -z "$cas" ] || say "$BUILD_IMAGE trusts the host's local CAs from $local_ca_dir: $cas"
  build_context "$BUILD_IMAGE" "$work" "openjdk-17-jdk-headless (with its jmods), maven"
}

TRIM_STAGE_LABEL=dev.tdsmock.stage=runtime-base-trim

# The runtime image: minbase with its security updates and without what a server in a container never reads
# (documentation but the copyright files, manual and info pages, translations, apt's lists and caches,
# logs). The trimmed tree is copied onto an empty image, so that the deleted files are in no layer.
build_runtime_base() {
  local work
  work="$(new_context)"
  {
    echo "FROM $MINBASE_IMAGE AS trimmed"
    echo "LABEL $TRIM_STAGE_LABEL"
    apt_install
    cat <<'EOF'
# What dpkg leaves out from now on, in this image and in images built on it.
RUN printf '%s\n' \
      'path-exclude /usr/share/doc/*' 'path-include /usr/share/doc/*/copyright' \
      'path-exclude /usr/share/man/*' 'path-exclude /usr/share/info/*' \
      'path-exclude /usr/share/locale/*' 'path-include /usr/share/locale/locale.alias' \
      'path-exclude /usr/share/lintian/*' \
      >/etc/dpkg/dpkg.cfg.d/01-tds-mock-slim
RUN set -eux; \
    find /usr/share/doc -mindepth 1 ! -type d ! -name copyright -delete; \
    find /usr/share/doc -mindepth 1 -type d -empty -delete; \
    find /usr/share/locale -mindepth 1 -maxdepth 1 ! -name locale.alias -exec rm -rf {} +; \
    rm -rf /usr/share/man/* /usr/share/info/* /usr/share/lintian/*; \
    rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin /var/cache/debconf/*-old /var/lib/dpkg/*-old /tmp/* /var/tmp/*; \
    find /var/log -type f -delete
FROM scratch
COPY --from=trimmed / /
ENV LANG=C.UTF-8
ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
CMD ["/bin/bash"]
EOF
  } >"$work/Containerfile"
  build_context "$RUNTIME_IMAGE" "$work" "bookworm minbase with its updates, trimmed, one layer"
  # The trimming stage's image is left untagged by the build: it is not kept.
  "$engine" image prune -a -f --filter "label=$TRIM_STAGE_LABEL" >/dev/null 2>&1 || true
}

start=$SECONDS
build_minbase
build_build_base
build_runtime_base
say "base images ready in $((SECONDS - start)) s: $BUILD_IMAGE, $RUNTIME_IMAGE"
