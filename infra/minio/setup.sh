#!/bin/sh
# Creates the Fleetstream buckets and the application's access key in MinIO. Idempotent: re-running keeps existing
# buckets and re-applies the user and its policy. Used by the Kubernetes minio-setup Job and the compose minio-setup
# service. Needs MINIO_URL (default http://minio:9000), MINIO_ROOT_USER, MINIO_ROOT_PASSWORD, APP_ACCESS_KEY,
# APP_SECRET_KEY, and a writable HOME for mc's configuration.
set -eu
mc alias set store "${MINIO_URL:-http://minio:9000}" "$MINIO_ROOT_USER" "$MINIO_ROOT_PASSWORD"
mc mb --ignore-existing store/fleetstream-flink store/fleetstream-tier store/fleetstream-pointclouds
mc admin user add store "$APP_ACCESS_KEY" "$APP_SECRET_KEY"
# attach fails when the policy is already attached, which is the state we want.
mc admin policy attach store readwrite --user "$APP_ACCESS_KEY" || true
