import path from 'node:path';
import { parseOptions, UsageError, USAGE } from './options.js';

const DEFAULTS = { dataDir: '/var/lib/ebb', port: 6443, host: '127.0.0.1', watchHistory: 20000, insecureAnonymous: false, logLevel: 'info', docker: 'auto' };

describe('parseOptions', () => {
  it.each([
    { name: 'defaults', argv: ['--data-dir', '/var/lib/ebb'], expected: DEFAULTS },
    { name: 'data-dir with =', argv: ['--data-dir=/var/lib/ebb'], expected: DEFAULTS },
    { name: 'relative data-dir resolved', argv: ['--data-dir', 'data'], expected: { ...DEFAULTS, dataDir: path.resolve('data') } },
    { name: 'port', argv: ['--data-dir', '/var/lib/ebb', '--port', '8443'], expected: { ...DEFAULTS, port: 8443 } },
    { name: 'port 0 (free port)', argv: ['--data-dir', '/var/lib/ebb', '--port', '0'], expected: { ...DEFAULTS, port: 0 } },
    { name: 'port 65535', argv: ['--data-dir', '/var/lib/ebb', '--port=65535'], expected: { ...DEFAULTS, port: 65535 } },
    { name: 'host IPv4', argv: ['--data-dir', '/var/lib/ebb', '--host', '0.0.0.0'], expected: { ...DEFAULTS, host: '0.0.0.0' } },
    { name: 'host IPv6', argv: ['--data-dir', '/var/lib/ebb', '--host', '::1'], expected: { ...DEFAULTS, host: '::1' } },
    { name: 'host localhost', argv: ['--data-dir', '/var/lib/ebb', '--host', 'localhost'], expected: { ...DEFAULTS, host: 'localhost' } },
    { name: 'watch-history', argv: ['--data-dir', '/var/lib/ebb', '--watch-history', '100'], expected: { ...DEFAULTS, watchHistory: 100 } },
    { name: 'insecure-anonymous', argv: ['--data-dir', '/var/lib/ebb', '--insecure-anonymous'], expected: { ...DEFAULTS, insecureAnonymous: true } },
    { name: 'log-level', argv: ['--data-dir', '/var/lib/ebb', '--log-level', 'debug'], expected: { ...DEFAULTS, logLevel: 'debug' } },
    { name: 'docker never', argv: ['--data-dir', '/var/lib/ebb', '--docker', 'never'], expected: { ...DEFAULTS, docker: 'never' } },
    { name: 'docker auto', argv: ['--data-dir', '/var/lib/ebb', '--docker=auto'], expected: DEFAULTS },
    { name: '--help', argv: ['--help'], expected: undefined },
    { name: '-h', argv: ['-h'], expected: undefined },
    { name: '--help wins over a missing data-dir and other flags', argv: ['--port', '1', '--help'], expected: undefined },
  ])('$name', ({ argv, expected }) => {
    expect(parseOptions(argv)).toEqual(expected);
  });

  it.each([
    { name: 'missing --data-dir', argv: [], message: '--data-dir is required' },
    { name: 'empty --data-dir', argv: ['--data-dir='], message: '--data-dir is required' },
    { name: 'port not a number', argv: ['--data-dir', '/d', '--port', 'http'], message: '--port must be an integer from 0 to 65535, got "http"' },
    { name: 'port too large', argv: ['--data-dir', '/d', '--port', '65536'], message: '--port must be an integer from 0 to 65535, got "65536"' },
    { name: 'port negative', argv: ['--data-dir', '/d', '--port=-1'], message: '--port must be an integer from 0 to 65535, got "-1"' },
    { name: 'port fractional', argv: ['--data-dir', '/d', '--port', '80.5'], message: '--port must be an integer from 0 to 65535, got "80.5"' },
    { name: 'watch-history too small', argv: ['--data-dir', '/d', '--watch-history', '99'], message: '--watch-history must be an integer from 100 to 10000000, got "99"' },
    { name: 'bad docker mode', argv: ['--data-dir', '/d', '--docker', 'always'], message: '--docker must be auto or never, got "always"' },
    { name: 'bad host', argv: ['--data-dir', '/d', '--host', 'example.com'], message: '--host must be an IP address or localhost, got "example.com"' },
    { name: 'bad IPv4 host', argv: ['--data-dir', '/d', '--host', '300.1.1.1'], message: '--host must be an IP address or localhost, got "300.1.1.1"' },
    {
      name: 'bad log level',
      argv: ['--data-dir', '/d', '--log-level', 'verbose'],
      message: '--log-level must be one of fatal, error, warn, info, debug, trace, silent, got "verbose"',
    },
  ])('$name', ({ argv, message }) => {
    expect(() => parseOptions(argv)).toThrow(new UsageError(message));
  });

  it.each([
    { name: 'unknown flag', argv: ['--data-dir', '/d', '--bogus'], pattern: /^Unknown option '--bogus'/ },
    { name: 'positional argument', argv: ['--data-dir', '/d', 'extra'], pattern: /^Unexpected argument 'extra'/ },
    { name: 'flag without its value', argv: ['--data-dir'], pattern: /^Option '--data-dir <value>' argument missing/ },
  ])('$name', ({ argv, pattern }) => {
    let caught: unknown;
    try {
      parseOptions(argv);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(UsageError);
    expect((caught as UsageError).name).toBe('UsageError');
    expect((caught as UsageError).message).toMatch(pattern);
  });

  it.each([
    { name: 'usage names every flag', flags: ['--data-dir', '--port', '--host', '--watch-history', '--insecure-anonymous', '--docker', '--log-level', '--help'] },
  ])('$name', ({ flags }) => {
    for (const flag of flags) expect(USAGE).toContain(flag);
  });
});
