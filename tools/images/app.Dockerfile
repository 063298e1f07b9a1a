# ebb/<app>: one Ebb app's bundle on ebb/node-runtime of the same version (tools/images/build.mjs).
ARG RUNTIME
FROM ${RUNTIME}
ARG APP
ARG VERSION
LABEL org.opencontainers.image.title="ebb-${APP}" org.opencontainers.image.version="${VERSION}"
COPY main.js /app/main.js
USER 65532:65532
WORKDIR /app
ENTRYPOINT ["/node", "/app/main.js"]
