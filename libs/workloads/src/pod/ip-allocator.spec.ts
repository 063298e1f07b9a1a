import { ipToNumber, isPodIp, numberToIp, PodIpAllocator, randomPodIpCursor } from './ip-allocator.js';

describe('pod IP allocation', () => {
  it.each([
    ['127.1.0.1', true],
    ['127.254.255.254', true],
    ['127.0.0.1', false],
    ['127.1.0.0', false],
    ['127.1.0.255', false],
    ['127.255.0.1', false],
    ['10.0.0.1', false],
    ['127.1.0', false],
    ['127.1.0.300', false],
  ])('isPodIp(%s) = %s', (ip, expected) => {
    expect(isPodIp(ip)).toBe(expected);
  });

  it('converts addresses both ways', () => {
    expect(ipToNumber('127.1.2.3')).toBe(0x7f010203);
    expect(numberToIp(0x7f010203)).toBe('127.1.2.3');
  });

  it.each([
    ['fresh start', undefined, [], ['127.1.0.1', '127.1.0.2']],
    ['continues after the cursor', '127.1.0.9', [], ['127.1.0.10', '127.1.0.11']],
    ['skips .255 and .0', '127.1.0.254', [], ['127.1.1.1', '127.1.1.2']],
    ['skips addresses in use', undefined, ['127.1.0.1', '127.1.0.2'], ['127.1.0.3', '127.1.0.4']],
    ['wraps at the end of the range', '127.254.255.254', [], ['127.1.0.1', '127.1.0.2']],
    ['ignores a cursor outside the range', '10.0.0.1', [], ['127.1.0.1', '127.1.0.2']],
  ])('allocates: %s', (_name, cursor, claimed, expected) => {
    const allocator = new PodIpAllocator(cursor);
    for (const ip of claimed) allocator.claim(ip);
    expect([allocator.allocate(), allocator.allocate()]).toEqual(expected);
  });

  it('reuses a released address only after the others', () => {
    const allocator = new PodIpAllocator();
    const first = allocator.allocate();
    allocator.allocate();
    allocator.release(first);
    expect(allocator.allocate()).toBe('127.1.0.3');
    expect(allocator.cursor).toBe('127.1.0.3');
    expect(allocator.has(first)).toBe(false);
  });

  it.each([
    ['a free pod IP', '127.1.0.7', true],
    ['an address outside the range', '127.0.0.1', false],
  ])('claims %s', (_name, ip, expected) => {
    expect(new PodIpAllocator().claim(ip)).toBe(expected);
  });

  it('refuses to claim an address twice', () => {
    const allocator = new PodIpAllocator();
    expect(allocator.claim('127.1.0.7')).toBe(true);
    expect(allocator.claim('127.1.0.7')).toBe(false);
  });
});

describe('randomPodIpCursor', () => {
  it.each([
    { name: 'the bottom of the range', random: 0, cursor: '127.1.0.2' },
    { name: 'an address ending in .255 moves on', random: 253.5 / (0x7ffefffe - 0x7f010001), cursor: '127.1.1.1' },
    { name: 'the top of the range', random: 0.9999999999, cursor: '127.254.255.254' },
  ])('$name', ({ random, cursor }) => {
    expect(randomPodIpCursor(() => random)).toBe(cursor);
  });
});
