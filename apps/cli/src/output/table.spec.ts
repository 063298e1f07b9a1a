import { formatCommand, formatTable, shellQuote } from './table.js';

describe('formatTable', () => {
  it.each([
    {
      name: 'aligns columns with three spaces, the last unpadded',
      header: ['IMAGE', 'DIR'],
      rows: [
        ['dev.local/hello:latest', '/a'],
        ['ko.local/x:1', '/bbb'],
      ],
      want: 'IMAGE                    DIR\ndev.local/hello:latest   /a\nko.local/x:1             /bbb\n',
    },
    { name: 'prints only rows without a header', header: undefined, rows: [['a', 'b']], want: 'a   b\n' },
    { name: 'prints only the header with no rows', header: ['A', 'B'], rows: [], want: 'A   B\n' },
  ])('$name', ({ header, rows, want }) => {
    expect(formatTable(header, rows)).toBe(want);
  });
});

describe('shellQuote / formatCommand', () => {
  it.each([
    { arg: 'server.mjs', want: 'server.mjs' },
    { arg: '--port=8080', want: '--port=8080' },
    { arg: '/usr/bin/node', want: '/usr/bin/node' },
    { arg: 'hello world', want: "'hello world'" },
    { arg: "it's", want: "'it'\\''s'" },
    { arg: '', want: "''" },
    { arg: '$HOME', want: "'$HOME'" },
  ])('quotes $arg as $want', ({ arg, want }) => {
    expect(shellQuote(arg)).toBe(want);
  });

  it('joins an argv', () => {
    expect(formatCommand(['sh', '-c', 'echo hi'])).toBe("sh -c 'echo hi'");
  });
});
