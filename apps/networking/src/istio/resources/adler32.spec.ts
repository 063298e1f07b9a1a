// adler32 against values Go's hash/adler32 gives (RFC 1950's reference value and the checksums
// net-istio's own tests and ISTIO.md §6 show).
import { adler32 } from './adler32.js';

describe('adler32', () => {
  it.each([
    ['', 1],
    ['a', 0x00620062],
    ['Wikipedia', 0x11e60398],
    ['istio-system/istio-ingressgateway', 3797421420],
    ['a-really-long-secret-name-that-exceeds-a-length-of-63-characters', 16521092],
  ])('%j → %d', (text, want) => {
    expect(adler32(text)).toBe(want);
  });

  it('checksums the UTF-8 bytes, not UTF-16 code units', () => {
    // "é" is two bytes in UTF-8: a = 1 + 0xc3 + 0xa9, b = (1 + 0xc3) + a.
    expect(adler32('é')).toBe(((1 + 0xc3 + (1 + 0xc3 + 0xa9)) << 16) + (1 + 0xc3 + 0xa9));
  });

  it('wraps both sums modulo 65521 on long input', () => {
    const long = 'ÿ'.repeat(10_000);
    const value = adler32(long);
    expect(value & 0xffff).toBeLessThan(65521);
    expect(value >>> 16).toBeLessThan(65521);
  });
});
