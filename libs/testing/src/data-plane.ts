// What the data-plane specs (gateway, activator, forwarder, autoscaler) build their worlds from:
// backend servers on 127.0.0.1 that are all closed (with their open sockets) at the end, and the
// objects that stand for a revision on a cluster without a controller — the Revision, its
// selector-less `<rev>-private` Service and a hand-made EndpointSlice.
import type { Server } from 'node:http';
import type { Http2Server } from 'node:http2';
import type { AddressInfo, Socket } from 'node:net';

/** Servers a spec started on loopback; `closeAll()` ends them and every connection they hold. */
export class LocalServers {
  private readonly servers: (Server | Http2Server)[] = [];
  private readonly sockets = new Set<Socket>();

  /** Starts `server` on `host` (default 127.0.0.1) on a free port; the port. */
  async listen(server: Server | Http2Server, host = '127.0.0.1'): Promise<number> {
    this.servers.push(server);
    server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, host, resolve));
    return (server.address() as AddressInfo).port;
  }

  /** Destroys every open connection and closes every server. */
  async closeAll(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await Promise.all(this.servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
  }
}

/** A serving.knative.dev/v1 Revision `name` in `namespace` (the dev.local/hello image) with `spec` fields. */
export function revisionManifest(namespace: string, name: string, spec: Record<string, unknown> = {}): object {
  return { apiVersion: 'serving.knative.dev/v1', kind: 'Revision', metadata: { name, namespace }, spec: { containers: [{ image: 'dev.local/hello' }], ...spec } };
}

/** The selector-less private Service `<revision>-private` (port `http` 80). */
export function privateServiceManifest(namespace: string, revision: string): object {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name: `${revision}-private`, namespace }, spec: { ports: [{ name: 'http', port: 80 }] } };
}

/** Options of {@link endpointSliceManifest}. */
export interface SliceOptions {
  /** Suffix of the slice name (default `hand`): several slices of one Service need different ones. */
  readonly suffix?: string;
  readonly address?: string;
  readonly ready?: boolean;
  readonly portName?: string;
}

/** A hand-made EndpointSlice of `service` with one endpoint `address` (127.0.0.1):`port`. */
export function endpointSliceManifest(namespace: string, service: string, port: number, options: SliceOptions = {}): object {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: `${service}-${options.suffix ?? 'hand'}`, namespace, labels: { 'kubernetes.io/service-name': service } },
    addressType: 'IPv4',
    endpoints: [{ addresses: [options.address ?? '127.0.0.1'], conditions: { ready: options.ready ?? true } }],
    ports: [{ name: options.portName ?? 'http', port, protocol: 'TCP' }],
  };
}
