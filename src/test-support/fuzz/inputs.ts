/**
 * Fuzz inputs: break-prone tokens, byte-level mutations of seeds, re-encodings, truncations,
 * and the fast-check arbitrary that mixes them into cases.
 */
import fc from 'fast-check';
import type { FuzzInput } from './contract.js';
import type { FuzzTarget, Seed } from './targets.js';

const enc = (s: string): Buffer => Buffer.from(s, 'utf8');
const u16le = (s: string): Buffer =>
  Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(s, 'utf16le')]);
const u16be = (s: string): Buffer => {
  const b = Buffer.from(s, 'utf16le');
  for (let i = 0; i + 1 < b.length; i += 2) [b[i], b[i + 1]] = [b[i + 1]!, b[i]!];
  return Buffer.concat([Buffer.from([0xfe, 0xff]), b]);
};

/** Tokens that tend to break parsers: delimiters, markup, numbers at the edge, encodings. */
export const TOKENS: readonly Buffer[] = [
  '\0',
  '\r',
  '\n',
  '\r\n',
  '\t',
  ' : ',
  ':',
  '=',
  '"',
  "'",
  ',',
  ';',
  '{',
  '}',
  '[',
  ']',
  '<',
  '>',
  '</',
  '/>',
  '<![CDATA[',
  ']]>',
  '<!--',
  '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>',
  '&a;',
  '&#0;',
  '&#x110000;',
  '&lt;',
  '0',
  '-1',
  '4294967295',
  '18446744073709551616',
  '1e309',
  'NaN',
  '0x',
  '0xFFFFFFFF',
  '9'.repeat(400),
  '\\',
  '\\\\?\\',
  '..',
  '%s%n',
  '__proto__',
  'constructor',
  '\u2028',
  '\uFEFF',
  '\uFFFD',
  '\uD800',
  '中文',
  'SSL Certificate bindings:',
  'IP:port',
  'Certificate Hash',
  'HKEY_LOCAL_MACHINE\\',
  'Windows Registry Editor Version 5.00',
  '"x"=dword:',
  'hex(7):',
  '<Event xmlns=',
  '<EventData><Data Name=',
  'TCP    0.0.0.0:443',
  '-----BEGIN CERTIFICATE-----',
  '================ Certificate 0 ================',
  'NT AUTHORITY\\SYSTEM:(F)',
  '<site name=',
  '<binding protocol="https" bindingInformation=',
  'SITE "x" (id:1,bindings:https/*:443:,state:Started)',
]
  .map(enc)
  .concat([
    Buffer.from([0xff, 0xfe]),
    Buffer.from([0xfe, 0xff]),
    Buffer.from([0xef, 0xbb, 0xbf]),
    Buffer.from([0xc0, 0x80]),
    Buffer.from([0xed, 0xa0, 0x80]),
    Buffer.from([0xf4, 0x90, 0x80, 0x80]),
    Buffer.from([0x80]),
    Buffer.from([0xff, 0xff, 0xff, 0xff]),
    Buffer.from([0x7f, 0xff, 0xff, 0xff]),
    Buffer.from([0x00, 0x00, 0x00, 0x00]),
    Buffer.from([0x30, 0x84, 0xff, 0xff, 0xff, 0xff]),
    Buffer.from([0x16, 0x03, 0x01, 0xff, 0xff]),
    Buffer.from([0x0a, 0x0d, 0x0d, 0x0a]),
    Buffer.from([0xd4, 0xc3, 0xb2, 0xa1]),
  ]);

type Mutation = (b: Buffer, rnd: (n: number) => number, other: Buffer) => Buffer;

const MUTATIONS: readonly Mutation[] = [
  // flip a byte
  (b, r) => {
    if (b.length === 0) return b;
    const c = Buffer.from(b);
    c[r(c.length)] = r(256);
    return c;
  },
  // flip a bit
  (b, r) => {
    if (b.length === 0) return b;
    const c = Buffer.from(b);
    const i = r(c.length);
    c[i] = c[i]! ^ (1 << r(8));
    return c;
  },
  // delete a range
  (b, r) => {
    const i = r(b.length + 1);
    const n = 1 + r(Math.min(256, b.length - i + 1));
    return Buffer.concat([b.subarray(0, i), b.subarray(i + n)]);
  },
  // insert a token
  (b, r) => {
    const i = r(b.length + 1);
    return Buffer.concat([b.subarray(0, i), TOKENS[r(TOKENS.length)]!, b.subarray(i)]);
  },
  // duplicate a range
  (b, r) => {
    const i = r(b.length + 1);
    const n = r(Math.min(4096, b.length - i + 1));
    return Buffer.concat([b.subarray(0, i + n), b.subarray(i, i + n), b.subarray(i + n)]);
  },
  // splice in part of another seed
  (b, r, o) => {
    const i = r(b.length + 1);
    const j = r(o.length + 1);
    return Buffer.concat([b.subarray(0, i), o.subarray(j, j + r(2048)), b.subarray(i)]);
  },
  // truncate
  (b, r) => b.subarray(0, r(b.length + 1)),
  // overwrite 4 bytes with an edge integer (length fields)
  (b, r) => {
    if (b.length < 4) return b;
    const c = Buffer.from(b);
    const edge = [0, 1, 0x7f, 0x80, 0xff, 0xffff, 0x7fffffff, 0x80000000, 0xffffffff][r(9)]!;
    const i = r(c.length - 3);
    if (r(2)) c.writeUInt32LE(edge >>> 0, i);
    else c.writeUInt32BE(edge >>> 0, i);
    return c;
  },
  // shuffle two lines
  (b, r) => {
    const lines = b.toString('latin1').split('\n');
    if (lines.length < 2) return b;
    const i = r(lines.length);
    const j = r(lines.length);
    [lines[i], lines[j]] = [lines[j]!, lines[i]!];
    return Buffer.from(lines.join('\n'), 'latin1');
  },
  // indent / quote every line (mail and Markdown mangling)
  (b, r) =>
    Buffer.from(
      b
        .toString('latin1')
        .split('\n')
        .map((l) => ['> ', '    ', '\t', ''][r(4)] + l)
        .join('\n'),
      'latin1',
    ),
];

/** Applies 1..n random mutations drawn from `seed` (a plain number, so fast-check can shrink it). */
export function mutate(bytes: Buffer, other: Buffer, seed: number, count: number): Buffer {
  let s = seed >>> 0 || 1;
  const rnd = (n: number): number => {
    // xorshift32: deterministic for a given seed, so a failure reproduces
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return n <= 0 ? 0 : s % n;
  };
  let b = bytes;
  for (let k = 0; k < count; k++) b = MUTATIONS[rnd(MUTATIONS.length)]!(b, rnd, other);
  return b;
}

/** Re-encodes text seeds the way they arrive: UTF-16LE/BE with BOM, BOM-less UTF-16, odd lengths. */
export function reencode(bytes: Buffer, how: number): Buffer {
  const s = bytes.toString('utf8');
  switch (how % 6) {
    case 0:
      return u16le(s);
    case 1:
      return u16be(s);
    case 2:
      return Buffer.from(s, 'utf16le');
    case 3:
      return u16le(s).subarray(0, Math.max(0, u16le(s).length - 1)); // odd length
    case 4:
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]);
    default:
      return Buffer.from(s, 'latin1');
  }
}

/** Offsets at which to truncate a seed: every offset when `limit` allows, else spread evenly. */
export function truncationOffsets(length: number, limit: number): number[] {
  if (length + 1 <= limit) return Array.from({ length: length + 1 }, (_, i) => i);
  const out = new Set<number>([0, 1, 2, 3, 4, length - 1, length]);
  for (let k = 0; out.size < limit && k < limit; k++)
    out.add(Math.floor(((k + 0.5) * length) / limit));
  return [...out].filter((n) => n >= 0 && n <= length).sort((a, b) => a - b);
}

/** One fuzz case for a target: how it was made (for the report) and the input. */
export interface Case {
  kind: string;
  input: FuzzInput;
  chunk?: number;
}

export function caseArbitrary(target: FuzzTarget, crossSeeds: Seed[]): fc.Arbitrary<Case> {
  const seeds = target.seeds.length > 0 ? target.seeds : crossSeeds;
  const seedIdx = fc.nat({ max: seeds.length - 1 });
  const crossIdx = fc.nat({ max: Math.max(0, crossSeeds.length - 1) });
  const chunk = fc.oneof(fc.constant(undefined), fc.integer({ min: 1, max: 70_000 }));
  return fc.oneof(
    {
      weight: 2,
      arbitrary: fc
        .uint8Array({ maxLength: 4096 })
        .map((b): Case => ({ kind: 'random bytes', input: b })),
    },
    {
      weight: 1,
      arbitrary: fc
        .string({ unit: 'binary', maxLength: 2048 })
        .map((s): Case => ({ kind: 'random text', input: s })),
    },
    {
      weight: 1,
      arbitrary: fc
        .array(fc.nat({ max: TOKENS.length - 1 }), { maxLength: 200 })
        .map((ix): Case => ({
          kind: 'token soup',
          input: Buffer.concat(ix.map((i) => TOKENS[i]!)),
        })),
    },
    {
      weight: 6,
      arbitrary: fc
        .tuple(seedIdx, crossIdx, fc.nat(), fc.integer({ min: 1, max: 8 }), chunk)
        .map(([i, j, s, n, c]): Case => {
          const base = seeds[i]!.bytes;
          const other = crossSeeds[j]?.bytes ?? base;
          return {
            kind: 'mutated sample',
            input: mutate(base, other, s, n),
            ...(c !== undefined && { chunk: c }),
          };
        }),
    },
    {
      weight: 2,
      arbitrary: fc.tuple(seedIdx, fc.nat(), chunk).map(([i, at, c]): Case => {
        const b = seeds[i]!.bytes;
        return {
          kind: 'truncated sample',
          input: b.subarray(0, at % (b.length + 1)),
          ...(c !== undefined && { chunk: c }),
        };
      }),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(seedIdx, fc.nat(), fc.nat()).map(([i, how, s]): Case => ({
        kind: 're-encoded sample',
        input: mutate(reencode(seeds[i]!.bytes, how), seeds[i]!.bytes, s, s % 3),
      })),
    },
    {
      weight: 1,
      arbitrary: crossIdx.map((j): Case => ({
        kind: 'another format',
        input: crossSeeds[j]?.bytes ?? Buffer.alloc(0),
      })),
    },
  );
}

/** Short text for a failing input, so a report can quote it. */
export function describeInput(c: Case): string {
  const b = typeof c.input === 'string' ? Buffer.from(c.input, 'utf8') : Buffer.from(c.input);
  const head = b.subarray(0, 96).toString('hex');
  return `${c.kind}, ${b.length} bytes${c.chunk ? `, chunks of ${c.chunk}` : ''}, head ${head}${b.length > 96 ? '…' : ''}`;
}
