#!/usr/bin/env bash
# Builds a Docker image of an example FROM scratch (there are no base images to pull here): a
# rootfs with the node binary at /node, the shared libraries `ldd` lists plus the dynamic loader,
# and the example at /app, built with the example's Dockerfile. Nothing is pushed anywhere.
# The rootfs is assembled by tools/images/build.mjs, which builds Ebb's own images the same way.
#
#   examples/build-image.sh <example> <tag> [node-binary]
#   examples/build-image.sh echo ebb/echo:dev
#
# node-binary defaults to the real executable of the `node` on PATH (wrappers and symlinks
# resolved), so under `npm run`/`npx` it is the project's Node 24.
set -euo pipefail

usage() {
  echo "usage: $0 <example> <tag> [node-binary]" >&2
  exit 2
}
[[ $# -ge 2 && $# -le 3 ]] || usage

examples_dir=$(cd "$(dirname "$0")" && pwd)
node_bin=${3:-$(node -p process.execPath)}
[[ -x "$node_bin" ]] || { echo "error: $node_bin is not an executable" >&2; exit 1; }

exec "$node_bin" "$examples_dir/../tools/images/build.mjs" --example "$1" --image "$2" --node "$node_bin"
