import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { findNatsServer, NatsServer, NatsServerNotFoundError } from './nats-server.js';

async function greeting(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('error', reject);
    socket.once('data', (chunk) => {
      socket.destroy();
      resolve(chunk.toString('utf8'));
    });
  });
}

describe('NatsServer', () => {
  it('starts a JetStream server, stops it and restarts it on the same port and store', async () => {
    await using server = await NatsServer.start();
    expect(server.url).toBe(`nats://127.0.0.1:${server.port}`);
    const info = JSON.parse((await greeting(server.port)).slice('INFO '.length)) as { jetstream?: boolean; port: number };
    expect(info).toMatchObject({ jetstream: true, port: server.port });

    await server.stop();
    expect(server.pid).toBeUndefined();
    await expect(greeting(server.port)).rejects.toThrow(/ECONNREFUSED/);

    await server.restart();
    expect(await greeting(server.port)).toMatch(/^INFO /);
    expect(existsSync(server.storeDir)).toBe(true);
  });

  it('removes its store when disposed', async () => {
    const server = await NatsServer.start();
    await server.dispose();
    expect(existsSync(server.storeDir)).toBe(false);
  });

  it('takes $EBB_NATS_SERVER_BIN first', () => {
    expect(findNatsServer({ env: { EBB_NATS_SERVER_BIN: '/opt/nats/nats-server', PATH: '' } })).toBe('/opt/nats/nats-server');
  });

  it('says how to get nats-server when it is missing', () => {
    expect(() => findNatsServer({ env: { PATH: '/nonexistent' }, candidates: [] })).toThrow(NatsServerNotFoundError);
    expect(() => findNatsServer({ env: { PATH: '/nonexistent' }, candidates: [] })).toThrow(/apt-get install -y nats-server/);
  });
});
