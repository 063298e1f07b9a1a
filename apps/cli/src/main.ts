#!/usr/bin/env node
// The `ebb` command's entry point (bundled to dist/apps/cli/main.js): checks the Node version,
// then runs the program against the real process and exits with its code.
import { run } from './program.js';

const MIN_NODE_MAJOR = 24;

async function main(): Promise<void> {
  const major = Number(process.versions.node.split('.')[0]);
  if (major < MIN_NODE_MAJOR) {
    process.stderr.write(`Error: ebb needs Node ${MIN_NODE_MAJOR} or newer, this is Node ${process.versions.node}\n`);
    process.exitCode = 1;
    return;
  }
  process.exitCode = await run(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    cwd: process.cwd(),
    now: () => new Date(),
    stdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
  });
}

await main();
