import { parseWatchLine, watchErrorOf } from './watch.js';

describe('parseWatchLine', () => {
  it.each([
    { name: 'an event', line: '{"type":"ADDED","object":{"metadata":{"name":"a"}}}', want: { type: 'ADDED', object: { metadata: { name: 'a' } } } },
    { name: 'a bookmark', line: '{"type":"BOOKMARK","object":{"metadata":{"resourceVersion":"9"}}}', want: { type: 'BOOKMARK', object: { metadata: { resourceVersion: '9' } } } },
    { name: 'an event without object', line: '{"type":"ERROR"}', want: { type: 'ERROR', object: {} } },
    { name: 'a blank line', line: '  ', want: undefined },
    { name: 'not JSON', line: '{"type":', want: undefined },
    { name: 'no type', line: '{"object":{}}', want: undefined },
  ])('$name', ({ line, want }) => {
    expect(parseWatchLine(line)).toEqual(want);
  });
});

describe('watchErrorOf', () => {
  it.each([
    { name: '410 Expired', status: { kind: 'Status', code: 410, reason: 'Expired', message: 'too old resource version: 1 (5)' }, want: [410, 'Expired', 'too old resource version: 1 (5)'] },
    { name: 'no code', status: { message: 'odd' }, want: [500, '', 'odd'] },
    { name: 'not an object', status: 'x', want: [500, '', 'watch error 500'] },
  ])('$name', ({ status, want }) => {
    const error = watchErrorOf(status);
    expect([error.statusCode, error.reason, error.message]).toEqual(want);
  });
});
