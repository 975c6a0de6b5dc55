#!/usr/bin/env bash
# Creates the credentials a development deployment needs, with random values, so no credential is ever committed.
#   create-dev-secrets.sh compose [--env-file PATH]   writes infra/compose/.env (kept if it exists)
#   create-dev-secrets.sh kubernetes [NAMESPACE]     creates the Secrets in the namespace (default fleetstream),
#                                                    keeping the ones that already exist
# Production clusters get these Secrets from their secret manager instead (docs/operations.md); the names and keys
# are the same. Kafka user Secrets and the cluster CA are created by Strimzi, not here.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"

random_value() {
  head -c 32 /dev/urandom | base64 | tr -d '/+=\n' | cut -c1-32
}

# name key... : the Secrets of the Kubernetes manifests (DevSecretsTest keeps this list complete).
kubernetes_secrets() {
  create_secret fleetstream-minio-root root-user root-password
  create_secret fleetstream-s3-credentials access-key secret-key
  create_secret fleetstream-influxdb-credentials admin-user admin-password writer-user writer-password reader-user reader-password
  create_secret fleetstream-grafana-admin admin-user admin-password
  create_secret fleetstream-mqtt-bridge username password
}

compose_env() {
  local file="$1"
  if [ -f "$file" ]; then
    echo "create-dev-secrets: $file exists, keeping it (delete it to regenerate)"
    return
  fi
  umask 077
  {
    for variable in $(grep -o '^FLEETSTREAM_[A-Z0-9_]*' "$repo/infra/compose/.env.example"); do
      case "$variable" in
        *_USER) echo "$variable=fleetstream-$(random_value | cut -c1-8 | tr '[:upper:]' '[:lower:]')" ;;
        *) echo "$variable=$(random_value)" ;;
      esac
    done
  } > "$file"
  echo "create-dev-secrets: wrote $file"
}

kubernetes() {
  local namespace="$1"
  create_secret() {
    local name="$1"
    shift
    if kubectl -n "$namespace" get secret "$name" > /dev/null 2>&1; then
      echo "create-dev-secrets: secret $name exists, keeping it"
      return
    fi
    local literals=()
    for key in "$@"; do
      case "$key" in
        *user*|username) literals+=("--from-literal=$key=fleetstream-$(random_value | cut -c1-8 | tr '[:upper:]' '[:lower:]')") ;;
        *) literals+=("--from-literal=$key=$(random_value)") ;;
      esac
    done
    kubectl -n "$namespace" create secret generic "$name" "${literals[@]}" > /dev/null
    echo "create-dev-secrets: created secret $name"
  }
  kubernetes_secrets
}

case "${1:-}" in
  compose)
    env_file="$repo/infra/compose/.env"
    if [ "${2:-}" = "--env-file" ]; then env_file="$3"; fi
    compose_env "$env_file"
    ;;
  kubernetes)
    kubernetes "${2:-fleetstream}"
    ;;
  *)
    echo "usage: $0 compose [--env-file PATH] | kubernetes [NAMESPACE]" >&2
    exit 2
    ;;
esac
