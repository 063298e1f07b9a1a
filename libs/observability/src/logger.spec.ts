import { Writable } from 'node:stream';
import { createLogger, forRevision } from './logger.js';

function capture(): { stream: Writable; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  return { stream, lines: () => chunks.join('').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('createLogger', () => {
  it('writes JSON lines with level, time and component', () => {
    const out = capture();
    createLogger({ component: 'autoscaler', level: 'info', destination: out.stream }).info({ extra: 1 }, 'hello');
    const [line] = out.lines();
    expect(line).toMatchObject({ level: 'info', component: 'autoscaler', extra: 1, msg: 'hello' });
    expect(new Date(line?.['time'] as string).toISOString()).toBe(line?.['time']);
  });

  it('adds namespace and revision for a revision', () => {
    const out = capture();
    const logger = createLogger({ component: 'activator', level: 'info', destination: out.stream });
    forRevision(logger, 'default', 'hello-00001').warn('buffering');
    expect(out.lines()[0]).toMatchObject({ level: 'warn', component: 'activator', namespace: 'default', revision: 'hello-00001', msg: 'buffering' });
  });

  it('drops lines below its level', () => {
    const out = capture();
    const logger = createLogger({ component: 'x', level: 'warn', destination: out.stream });
    logger.info('quiet');
    logger.error('loud');
    expect(out.lines().map((l) => l['msg'])).toEqual(['loud']);
  });
});
