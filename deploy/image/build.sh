#!/usr/bin/env bash
# Builds Modelhost's container image with podman, without RUN steps (so without a container
# runtime): a minimal Debian root filesystem made by debootstrap (or reused), the user
# modelhost added to it by editing its /etc files, imported as the base image; a jlink'ed
# Java 25 runtime and app/target/modelhost.jar copied over it by the Containerfile.
#
#   deploy/image/build.sh                  # builds localhost/modelhost:<git short hash>, tagged :latest too
#   IMAGE=registry.example.com/modelhost:1.0 SAVE=/tmp/modelhost.tar deploy/image/build.sh
#
# Environment: IMAGE (name:tag), CACHE (where the root filesystem is kept, /var/tmp/modelhost-image),
# MIRROR (Debian mirror; default the one apt uses here), JAVA_HOME (a JDK 25 with jlink),
# SAVE (also write the image as a docker-archive tar there), REBUILD_BASE=1 (import the base again).
# Needs root (debootstrap, and files owned by another user in the root filesystem), podman, debootstrap.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"

JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
CACHE=${CACHE:-/var/tmp/modelhost-image}
IMAGE=${IMAGE:-localhost/modelhost:$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo dev)}
BASE=localhost/modelhost-base:bookworm
JAR="$root/app/target/modelhost.jar"
UID_GID=10001
# what the application needs of the JDK (java.se: JDBC, JNDI, management, XML, …; jdk.unsupported:
# sun.misc.Unsafe for Netty, Lettuce and the native engines; jdk.jfr and jdk.management for
# metrics; jdk.zipfs for model archives; jdk.crypto.*: TLS to PostgreSQL and Redis)
MODULES=java.se,jdk.unsupported,jdk.management,jdk.management.agent,jdk.jfr,jdk.httpserver,jdk.zipfs,jdk.crypto.ec,jdk.crypto.cryptoki,jdk.naming.dns,jdk.charsets,jdk.localedata,jdk.net

step() { printf '\n== %s\n' "$*"; }

[ -f "$JAR" ] || { echo "no $JAR: build it first (./mvnw -o -q -pl app -am package -DskipTests)" >&2; exit 1; }
command -v podman >/dev/null || { echo "podman is missing (apt-get install podman)" >&2; exit 1; }

# --- the root filesystem -------------------------------------------------------------------
rootfs="$CACHE/rootfs"
if [ ! -f "$rootfs/etc/debian_version" ]; then
  command -v debootstrap >/dev/null || { echo "debootstrap is missing (apt-get install debootstrap)" >&2; exit 1; }
  if [ -z "${MIRROR:-}" ]; then
    # the Debian mirror apt is configured with (deb822 sources or a classic sources.list)
    MIRROR=$( (cat /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null || true) \
      | grep -oE 'https?://[^ ]+/debian/?( |$)' | head -1 | tr -d ' ' || true)
    MIRROR=${MIRROR:-http://deb.debian.org/debian}
  fi
  step "debootstrap bookworm from $MIRROR into $rootfs"
  mkdir -p "$CACHE"
  rm -rf "$rootfs.partial"
  # curl: the HEALTHCHECK; bubblewrap: the TorchScript worker sandbox (docs/security.md)
  debootstrap --variant=minbase --include=curl,ca-certificates,bubblewrap \
    bookworm "$rootfs.partial" "$MIRROR" > "$CACHE/debootstrap.log" 2>&1 \
    || { tail -20 "$CACHE/debootstrap.log" >&2; exit 1; }
  mv "$rootfs.partial" "$rootfs"
  REBUILD_BASE=1
else
  step "reusing the root filesystem $rootfs ($(cat "$rootfs/etc/debian_version"))"
fi

# the non-root user, and its directories (done here: the Containerfile cannot RUN)
grep -q '^modelhost:' "$rootfs/etc/group" || echo "modelhost:x:$UID_GID:" >> "$rootfs/etc/group"
grep -q '^modelhost:' "$rootfs/etc/passwd" \
  || echo "modelhost:x:$UID_GID:$UID_GID:Modelhost:/var/lib/modelhost:/usr/sbin/nologin" >> "$rootfs/etc/passwd"
grep -q '^modelhost:' "$rootfs/etc/shadow" || echo "modelhost:!:20000::::::" >> "$rootfs/etc/shadow"
mkdir -p "$rootfs/var/lib/modelhost" "$rootfs/var/cache/modelhost" "$rootfs/opt/modelhost"
chown "$UID_GID:$UID_GID" "$rootfs/var/lib/modelhost" "$rootfs/var/cache/modelhost"
chmod 0750 "$rootfs/var/lib/modelhost"
# what an image needs no copy of: packages already unpacked, package lists, documentation
rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* \
  "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/* "$rootfs"/var/log/*.log

if [ "${REBUILD_BASE:-0}" = 1 ] || ! podman image exists "$BASE"; then
  step "importing the root filesystem as $BASE"
  tar --numeric-owner -C "$rootfs" -c . | podman import \
    --change 'CMD ["/bin/sh"]' --message "debootstrap --variant=minbase bookworm, user modelhost" - "$BASE" >/dev/null
fi

# --- the build context: Containerfile, Java runtime, jar ----------------------------------
context="$CACHE/context"
step "jlink: a Java runtime with $MODULES"
rm -rf "$context" && mkdir -p "$context"
"$JAVA_HOME/bin/jlink" --add-modules "$MODULES" --strip-debug --no-header-files --no-man-pages \
  --output "$context/java"
"$context/java/bin/java" -version 2>&1 | head -1
cp "$here/Containerfile" "$JAR" "$context/"

step "podman build $IMAGE"
# docker format: OCI images have no HEALTHCHECK
podman build --format docker --build-arg "BASE=$BASE" -f "$context/Containerfile" -t "$IMAGE" "$context"
case "$IMAGE" in *:latest) ;; *) podman tag "$IMAGE" "${IMAGE%:*}:latest" ;; esac

step "the image"
podman image inspect "$IMAGE" --format \
  'id {{.Id}}
size {{.Size}} bytes
user {{.Config.User}}
entrypoint {{.Config.Entrypoint}}
exposed {{.Config.ExposedPorts}}
volumes {{.Config.Volumes}}
healthcheck {{.HealthCheck}}
env {{.Config.Env}}'
podman images --filter "reference=${IMAGE%:*}" --filter "reference=$BASE"
if [ -n "${SAVE:-}" ]; then
  step "podman save -o $SAVE"
  podman save --format docker-archive -o "$SAVE" "$IMAGE"
  ls -l "$SAVE"
fi
