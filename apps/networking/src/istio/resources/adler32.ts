// Adler-32 (RFC 1950), the checksum net-istio uses (Go's hash/adler32) to name per-Ingress and
// wildcard Gateways and to shorten over-long names and labels. Written here because no dependency
// of the repo offers it; strings are checksummed as their UTF-8 bytes, like Go's []byte(s).

/** The largest prime below 2^16. */
const MOD_ADLER = 65521;

/** The Adler-32 checksum of the UTF-8 bytes of `text`, as an unsigned 32-bit integer. */
export function adler32(text: string): number {
  let a = 1;
  let b = 0;
  for (const byte of Buffer.from(text, 'utf8')) {
    a = (a + byte) % MOD_ADLER;
    b = (b + a) % MOD_ADLER;
  }
  return (b * 65536 + a) >>> 0;
}
