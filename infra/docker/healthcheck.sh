#!/usr/bin/env bash
# Container health check without curl/wget in the image: HTTP/1.0 GET over bash's /dev/tcp, healthy on status 200.
# Usage: healthcheck.sh PORT PATH
set -euo pipefail
port="$1"
path="$2"
exec 3<>"/dev/tcp/127.0.0.1/${port}"
printf 'GET %s HTTP/1.0\r\nHost: localhost\r\nConnection: close\r\n\r\n' "${path}" >&3
IFS=' ' read -r _ status _ <&3
[ "${status}" = "200" ]
