#!/usr/bin/env bash
# `npm run setup`: the system packages Ebb needs on this machine, installed with apt-get (as
# root, or through sudo) only when missing. Today that is nats-server, which `ebb up` runs as the
# platform's NATS and the test suites start; kubectl (with kustomize) must already be on PATH.
# Usage: tools/setup.sh [COMMAND=PACKAGE ...]
set -euo pipefail

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

missing=()
# nats-server: Debian puts it in /usr/sbin, which is not on every PATH.
if ! command -v nats-server >/dev/null 2>&1 && [ ! -x /usr/sbin/nats-server ]; then missing+=(nats-server); fi
# Extra needs as COMMAND=PACKAGE arguments, e.g. `dockerd=docker.io` (CI) or `nginx=nginx` (bench).
for extra in "$@"; do
  command_name="${extra%%=*}"
  package="${extra#*=}"
  if ! command -v "$command_name" >/dev/null 2>&1 && [ ! -x "/usr/sbin/$command_name" ]; then missing+=("$package"); fi
done

if [ "${#missing[@]}" -gt 0 ]; then
  echo "==> installing ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "==> nothing to install"
fi

if ! command -v kubectl >/dev/null 2>&1; then
  echo "kubectl is not on PATH: install v1.32 or newer from https://kubernetes.io/docs/tasks/tools/" >&2
  exit 1
fi
