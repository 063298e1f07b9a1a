# ebb/node-runtime: what every Ebb app image starts from (tools/images/build.mjs assembles the
# rootfs; there are no base images to pull here, ENVIRONMENT.md): the node binary at /node with
# the shared libraries `ldd` lists and the dynamic loader, the production npm dependencies at
# /app/node_modules (the bundles keep npm packages external), a `nonroot` user (65532) and an
# empty /tmp. Nothing in it needs to be written: the apps run with a read-only root filesystem.
FROM scratch
COPY rootfs/ /
USER 65532:65532
WORKDIR /app
