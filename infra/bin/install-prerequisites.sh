#!/usr/bin/env bash
# Installs what Fleetstream's build and local platform need on a Debian machine, and only what is missing,
# so it is safe (and quick) to run before every build:
#   - InfluxDB 1.6 (Debian package `influxdb`, /usr/bin/influxd), run by the local platform as its own process;
#     installed without starting the system service, the platform starts its own instance on loopback.
#   - Maven (Debian package `maven`).
#   - s3cmd (Debian package `s3cmd`), an independent S3 client the tiering tests read tiered objects with.
#   - Temurin 25 (Java 21+ for Apicurio Registry) must already exist; it is not a Debian package.
# Needs root (or sudo) only when something has to be installed.
set -euo pipefail

INFLUXD=${FLEETSTREAM_INFLUXD:-/usr/bin/influxd}
JAVA21_HOME=${FLEETSTREAM_JAVA21_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}

missing=()
[ -x "$INFLUXD" ] || missing+=(influxdb)
command -v mvn >/dev/null 2>&1 || missing+=(maven)
# An external S3 client: the tiering tests check tiered objects with it, as users would.
command -v s3cmd >/dev/null 2>&1 || missing+=(s3cmd)

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    as_root=()
  elif command -v sudo >/dev/null 2>&1; then
    as_root=(sudo)
  else
    echo "install-prerequisites: need root to install: ${missing[*]}" >&2
    exit 1
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-prerequisites: apt-get not found; install ${missing[*]} by hand (Debian packages: ${missing[*]})" >&2
    exit 1
  fi

  # Keep package scripts from starting system services (influxdb would otherwise grab ports 8086/8088).
  policy=/usr/sbin/policy-rc.d
  created_policy=false
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | "${as_root[@]}" tee "$policy" >/dev/null
    "${as_root[@]}" chmod 755 "$policy"
    created_policy=true
  fi
  remove_policy() {
    if [ "$created_policy" = true ]; then "${as_root[@]}" rm -f "$policy"; fi
  }
  trap remove_policy EXIT

  echo "install-prerequisites: installing ${missing[*]}"
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if [ ! -x "$INFLUXD" ]; then
  echo "install-prerequisites: $INFLUXD is still missing after installing the influxdb package" >&2
  exit 1
fi

if [ ! -x "$JAVA21_HOME/bin/java" ]; then
  echo "install-prerequisites: Java 21+ not found at $JAVA21_HOME (needed by Apicurio Registry)." >&2
  echo "  Install Temurin 25 there, or set FLEETSTREAM_JAVA21_HOME to a Java 21+ JDK." >&2
  exit 1
fi
java_feature=$("$JAVA21_HOME/bin/java" -XshowSettings:properties -version 2>&1 \
  | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p')
if [ -z "$java_feature" ] || [ "$java_feature" -lt 21 ]; then
  echo "install-prerequisites: $JAVA21_HOME is Java ${java_feature:-unknown}; Apicurio Registry needs 21+" >&2
  exit 1
fi
