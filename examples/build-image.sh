#!/usr/bin/env bash
# Builds a Docker image of an example FROM scratch (there are no base images to pull here): a
# rootfs with the node binary at /node, the shared libraries `ldd` lists plus the dynamic loader,
# and the example at /app, built with the example's Dockerfile. Nothing is pushed anywhere.
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
example=$1
tag=$2
source_dir="$examples_dir/$example"
[[ -f "$source_dir/server.mjs" && -f "$source_dir/Dockerfile" ]] || {
  echo "error: $source_dir has no server.mjs and Dockerfile (examples: $(cd "$examples_dir" && ls -d */ | tr -d / | tr '\n' ' '))" >&2
  exit 1
}
node_bin=${3:-$(node -p process.execPath)}
[[ -x "$node_bin" ]] || { echo "error: $node_bin is not an executable" >&2; exit 1; }

context=$(mktemp -d)
trap 'rm -rf "$context"' EXIT
rootfs="$context/rootfs"
mkdir -p "$rootfs/app"

cp -L "$node_bin" "$rootfs/node"
# `ldd` prints "libm.so.6 => /lib/x86_64-linux-gnu/libm.so.6 (0x…)" for each library and
# "/lib64/ld-linux-x86-64.so.2 (0x…)" for the loader; both are copied at the same paths.
ldd "$node_bin" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }' | sort -u |
  while read -r lib; do cp -L --parents "$lib" "$rootfs/"; done

cp -R "$source_dir/." "$rootfs/app/"
rm -f "$rootfs/app/Dockerfile"
cp "$source_dir/Dockerfile" "$context/Dockerfile"

docker build --quiet -t "$tag" "$context" >/dev/null
echo "built $tag ($(docker image inspect --format '{{.Size}}' "$tag" | awk '{ printf "%.0f MB", $1 / 1e6 }'), node $("$node_bin" -v), example $example)"
