// Spec support for sqlite-store.spec.ts (run as a child process, bundled by the spec): creates
// `count` ConfigMaps in the store file given on the command line and prints each name once its
// create has returned, so that the parent can kill it with SIGKILL mid-way and check that every
// acknowledged object survived.
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { SqliteStore } from './sqlite-store.js';

/** Writes the objects; yields now and then so the printed names reach the parent while it runs. */
async function writeObjects(file: string, count: number): Promise<void> {
  const store = SqliteStore.open({ file });
  for (let i = 0; i < count; i += 1) {
    const name = `cm-${String(i).padStart(7, '0')}`;
    store.create(
      { group: '', resource: 'configmaps', namespace: 'default', name },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' }, data: { index: String(i) } },
    );
    process.stdout.write(`${name}\n`);
    if (i % 10 === 9) await yieldToEventLoop();
  }
  store.close();
}

const [file, countText] = process.argv.slice(2);
if (file === undefined || countText === undefined) throw new Error('usage: durability-child <file> <count>');
await writeObjects(file, Number(countText));
