# ebb/<app>: one Ebb app's bundle on ebb/node-runtime of the same version (tools/images/build.mjs),
# in one layer: rootfs/ holds /app/main.js and what the app runs besides node (the local
# cluster's docker CLI).
ARG RUNTIME
FROM ${RUNTIME}
ARG APP
ARG VERSION
LABEL org.opencontainers.image.title="ebb-${APP}" org.opencontainers.image.version="${VERSION}"
# The version the app reports (ebb_build_info on /metrics, its "started" log line).
ENV EBB_VERSION=${VERSION}
COPY rootfs/ /
USER 65532:65532
WORKDIR /app
ENTRYPOINT ["/node", "/app/main.js"]
