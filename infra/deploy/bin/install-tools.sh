#!/usr/bin/env bash
# Installs the command-line tools the fleetstream-deploy tests drive (idempotent: safe to run on every CI job).
#   promtool        Debian package prometheus      alert rules + PromQL parsing
#   influxd         Debian package influxdb        real InfluxDB 1.6 for dashboard query tests
#   docker-compose  Debian package docker-compose  offline validation of infra/compose/docker-compose.yml
#   kubectl         Debian package kubernetes-client only when no kubectl is present (renders Kustomize overlays)
#   dockerfile-utils, dockerfilelint  npm          Dockerfile linters
# Versions are pinned so a CI run lints with exactly what developers lint with.
set -euo pipefail

DOCKERFILE_UTILS_VERSION=0.16.3
DOCKERFILELINT_VERSION=1.8.0

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

missing_debs=()
command -v promtool >/dev/null 2>&1 || missing_debs+=(prometheus)
command -v influxd >/dev/null 2>&1 || missing_debs+=(influxdb)
command -v docker-compose >/dev/null 2>&1 || missing_debs+=(docker-compose)
command -v kubectl >/dev/null 2>&1 || missing_debs+=(kubernetes-client)

if [ "${#missing_debs[@]}" -gt 0 ]; then
  echo "install-tools: installing Debian packages: ${missing_debs[*]}"
  as_root apt-get update -qq
  # The packaged services (prometheus, influxdb) must not be started: tests start their own on free ports.
  # policy-rc.d tells the packages' install scripts not to start services; an existing one is left as it is.
  own_policy=false
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' | as_root tee /usr/sbin/policy-rc.d >/dev/null
    as_root chmod +x /usr/sbin/policy-rc.d
    own_policy=true
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing_debs[@]}"
  if [ "$own_policy" = true ]; then as_root rm -f /usr/sbin/policy-rc.d; fi
fi

npm_has() {
  npm ls -g --depth=0 "$1@$2" >/dev/null 2>&1
}

missing_npm=()
npm_has dockerfile-utils "$DOCKERFILE_UTILS_VERSION" || missing_npm+=("dockerfile-utils@$DOCKERFILE_UTILS_VERSION")
npm_has dockerfilelint "$DOCKERFILELINT_VERSION" || missing_npm+=("dockerfilelint@$DOCKERFILELINT_VERSION")
if [ "${#missing_npm[@]}" -gt 0 ]; then
  echo "install-tools: installing npm packages: ${missing_npm[*]}"
  as_root npm install -g --no-fund --no-audit --loglevel=error "${missing_npm[@]}"
fi

echo "install-tools: promtool=$(command -v promtool) influxd=$(command -v influxd) docker-compose=$(command -v docker-compose)" \
     "kubectl=$(command -v kubectl) dockerfile-utils=$(command -v dockerfile-utils) dockerfilelint=$(command -v dockerfilelint)"
