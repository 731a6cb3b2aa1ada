import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isDomainError } from './errors.ts';
import {
  SequentialIds,
  base32Decode,
  base32Encode,
  newCif,
  newCodeReference,
  newId,
  randomToken,
  systemIds,
  uuidPattern,
  uuidV7,
  uuidV7Time,
  type RandomBytes,
} from './ids.ts';

/** A random source that replays fixed bytes, so outputs can be predicted exactly. */
function replay(...chunks: number[][]): RandomBytes {
  const queue = [...chunks];
  return (size) => {
    const chunk = queue.shift() ?? [];
    expect(chunk.length).toBe(size);
    return Uint8Array.from(chunk);
  };
}

const text = (value: string) => new TextEncoder().encode(value);

describe('UUID v7 ids', () => {
  it('lays out time, version and variant as RFC 9562 describes', () => {
    const random = Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
    expect(uuidV7(0x0190_1234_5678, random)).toBe('01901234-5678-7fff-bfff-ffffffffffff');
    expect(uuidV7(0, new Uint8Array(10))).toBe('00000000-0000-7000-8000-000000000000');
  });

  it('reads back the time an id was made at', () => {
    const at = Date.parse('2026-03-29T01:00:00Z');
    expect(uuidV7Time(uuidV7(at, new Uint8Array(10)))).toBe(at);
  });

  it('makes well-formed, distinct ids', () => {
    const ids = Array.from({ length: 1000 }, () => newId());
    for (const id of ids) {
      expect(id).toMatch(uuidPattern);
      expect(id[14]).toBe('7');
      expect('89ab').toContain(id[19]);
    }
    expect(new Set(ids).size).toBe(ids.length);
    expect(systemIds.newId()).toMatch(uuidPattern);
  });

  it('sorts ids made in different milliseconds by time', () => {
    const times = fc.tuple(fc.nat(2 ** 47), fc.nat(2 ** 47));
    fc.assert(
      fc.property(times, fc.uint8Array({ minLength: 10, maxLength: 10 }), ([a, b], random) => {
        fc.pre(a !== b);
        const [first, second] = [uuidV7(a, random), uuidV7(b, random)];
        expect(first < second).toBe(a < b);
      }),
    );
  });

  it('refuses a time outside 48 bits, as a bug', () => {
    expect(() => uuidV7(-1, new Uint8Array(10))).toThrow(/assertion failed/);
    expect(() => uuidV7(2 ** 48, new Uint8Array(10))).toThrow(/assertion failed/);
  });

  it('gives tests predictable ids in creation order', () => {
    const ids = new SequentialIds();
    expect(ids.newId()).toBe('00000000-0000-7000-8000-000000000001');
    expect(ids.newId()).toBe('00000000-0000-7000-8000-000000000002');
    expect(new SequentialIds(255).newId()).toBe('00000000-0000-7000-8000-0000000000ff');
  });
});

describe('randomToken', () => {
  it('is 32 random bytes in base64url by default', () => {
    const token = randomToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(randomToken()).not.toBe(token);
  });

  it('encodes the injected bytes', () => {
    expect(randomToken(3, replay([0xfb, 0xff, 0xbf]))).toBe('-_-_');
    expect(randomToken(16)).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('refuses an empty or absurd size, as a bug', () => {
    expect(() => randomToken(0)).toThrow(/assertion failed/);
    expect(() => randomToken(1.5)).toThrow(/assertion failed/);
  });
});

describe('base32', () => {
  it.each([
    ['', ''],
    ['f', 'MY'],
    ['fo', 'MZXQ'],
    ['foo', 'MZXW6'],
    ['foob', 'MZXW6YQ'],
    ['fooba', 'MZXW6YTB'],
    ['foobar', 'MZXW6YTBOI'],
  ])('encodes the RFC 4648 test vector "%s" as "%s" without padding', (input, encoded) => {
    expect(base32Encode(text(input))).toBe(encoded);
    expect(base32Decode(encoded)).toEqual(text(input));
  });

  it('decodes whatever it encodes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        expect(base32Decode(base32Encode(bytes))).toEqual(bytes);
      }),
    );
  });

  it.each([
    ['lower case', 'mzxw6'],
    ['padding', 'MY======'],
    ['a character outside the alphabet', 'MZXW1'],
    ['a length no byte string encodes to', 'MZX'],
    ['non-zero unused trailing bits', 'MZ'],
  ])('refuses %s', (_why, encoded) => {
    let error: unknown;
    try {
      base32Decode(encoded);
    } catch (caught) {
      error = caught;
    }
    expect(isDomainError(error, 'VALIDATION_FAILED')).toBe(true);
  });
});

describe('code references and customer numbers', () => {
  it('makes a payment-code reference of 160 random bits in 32 base32 characters', () => {
    const reference = newCodeReference();
    expect(reference).toMatch(/^[A-Z2-7]{32}$/);
    expect(base32Decode(reference)).toHaveLength(20);
    expect(newCodeReference()).not.toBe(reference);
  });

  it('makes the reference from the injected randomness', () => {
    expect(newCodeReference(replay(new Array<number>(20).fill(0)))).toBe('A'.repeat(32));
  });

  it('makes 8-digit customer numbers that never start with zero', () => {
    for (let round = 0; round < 1000; round += 1) expect(newCif()).toMatch(/^[1-9][0-9]{7}$/);
  });

  it('covers the whole range of customer numbers', () => {
    expect(newCif(replay([0, 0, 0, 0]))).toBe('10000000');
    // 4 229 999 999 is the last draw kept; it maps to the last number.
    expect(newCif(replay([0xfc, 0x20, 0xad, 0x7f]))).toBe('99999999');
  });

  it('redraws rather than bias the numbers when a draw falls in the uneven tail', () => {
    // 4 230 000 000 is the first draw past the last whole span of 90 000 000.
    expect(newCif(replay([0xfc, 0x20, 0xad, 0x80], [0, 0, 0, 1]))).toBe('10000001');
  });

  it('gives up with a bug report on a random source that never stops being biased', () => {
    const stuck: RandomBytes = () => Uint8Array.from([0xff, 0xff, 0xff, 0xff]);
    expect(() => newCif(stuck)).toThrow(/assertion failed/);
  });
});
