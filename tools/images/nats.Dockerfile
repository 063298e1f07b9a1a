# ebb/nats: the machine's nats-server (Debian's package) FROM scratch with the libraries `ldd`
# lists, as the `nonroot` user (65532), JetStream storing under /data (mount a volume there).
# Ports: 4222 clients, 8222 monitoring (`-m 8222`).
FROM scratch
COPY rootfs/ /
USER 65532:65532
EXPOSE 4222 8222
ENTRYPOINT ["/nats-server"]
CMD ["--jetstream", "--store_dir", "/data", "-m", "8222"]
