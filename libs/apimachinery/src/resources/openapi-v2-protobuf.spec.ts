import { minimalOpenApiV2Protobuf } from './openapi-v2-protobuf.js';

describe('minimalOpenApiV2Protobuf', () => {
  it('encodes swagger (1), info (2) with title (1) and version (2), paths (8) and definitions (9)', () => {
    const bytes = [...minimalOpenApiV2Protobuf('K', 'v1')];
    expect(bytes).toEqual([0x0a, 3, 0x32, 0x2e, 0x30, 0x12, 7, 0x0a, 1, 0x4b, 0x12, 2, 0x76, 0x31, 0x42, 0, 0x4a, 0]);
  });

  it('writes lengths of 128 and more as multi-byte varints', () => {
    const bytes = minimalOpenApiV2Protobuf('t'.repeat(200), 'v');
    // info: tag 0x12, length 206 (title 3 + 200, version 3) = 0xce 0x01; title: tag 0x0a, length 200 = 0xc8 0x01
    expect([...bytes.slice(5, 11)]).toEqual([0x12, 0xce, 0x01, 0x0a, 0xc8, 0x01]);
  });
});
