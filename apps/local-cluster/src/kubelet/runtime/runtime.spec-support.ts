// Shared by the runtime specs (not a spec itself): a container launch in a pod folder of a
// temporary data dir, and everything its log holds.
import fs from 'node:fs';
import { PassThrough } from 'node:stream';
import { readLogs } from '../logs/log-reader.js';
import { podDirectory, type ContainerLaunch, type ResolvedImage } from './runtime.js';

/** A launch of container `app` of pod `p1` (uid `podUid`) with `image`; the pod's folder is created. */
export function testLaunch(dataDir: string, podUid: string, image: ResolvedImage, overrides: Partial<ContainerLaunch> = {}): ContainerLaunch {
  const podDir = podDirectory(dataDir, podUid);
  fs.mkdirSync(podDir, { recursive: true });
  return { podUid, podName: 'p1', namespace: 'default', containerName: 'app', attempt: 0, image, env: {}, mounts: [], podIP: '127.0.0.9', podDir, ...overrides };
}

/** The text of container `app`'s current log in pod `podUid`. */
export async function logText(dataDir: string, podUid: string): Promise<string> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  await readLogs(podDirectory(dataDir, podUid), 'app', {}, out);
  return Buffer.concat(chunks).toString();
}
