/**
 * judge8 z04: a 40 MB single line (a base64 blob, binary garbage without newlines) in a text
 * artifact. The lines before and after it are the evidence (the sslcert record the customer asked
 * about); the run stays bounded and says where the line was cut. The record is the real
 * netsh-sslcert sample beside the parser (shared real netsh-sslcert/
 * en-win10-short-field-set-revocation-disabled.txt); the long line is synthetic.
 */
import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { netshSslcertParser } from '../parsers/netsh-sslcert.js';
import type { SslcertValue } from '../parsers/netsh-sslcert.js';
import { bytesFile, MAX_TEXT_BYTES, runParserOn } from './run.js';

const SAMPLE = readFileSync(
  new URL('../parsers/netsh-sslcert.sample.en-win10-short-field-set.txt', import.meta.url),
  'utf8',
);
const lines = SAMPLE.split(/\r?\n/);
const LONG = 40 * 1024 * 1024;

function withLongLine(encoding: 'utf-8' | 'utf-16le'): Uint8Array {
  const before = Buffer.from(iconv.encode(`${lines.slice(0, 3).join('\r\n')}\r\n`, encoding));
  const after = Buffer.from(iconv.encode(`\r\n${lines.slice(3).join('\r\n')}`, encoding));
  const unit = encoding === 'utf-8' ? 1 : 2;
  const long = Buffer.alloc(LONG * unit, 0);
  // Base64-like bytes: 'Q' (and its 0x00 high byte in UTF-16LE).
  for (let i = 0; i < long.length; i += unit) long[i] = 0x51;
  return Buffer.concat([before, long, after]);
}

describe('a 40 MB line in a text artifact (z04)', () => {
  for (const encoding of ['utf-8', 'utf-16le'] as const) {
    it(`keeps the lines after it and says where it was cut (${encoding})`, () => {
      const bytes = withLongLine(encoding);
      expect(bytes.length).toBeGreaterThan(MAX_TEXT_BYTES);
      const t0 = performance.now();
      const r = runParserOn(netshSslcertParser, bytesFile('sslcert.txt', bytes), 'httpsys.sslcert');
      expect(performance.now() - t0).toBeLessThan(20_000);
      const value = r.value as SslcertValue;
      expect(value.records.map((b) => [b.endpoint, b.certificateHash])).toEqual([
        ['0.0.0.0:44307', '61d34f532da121bbab64723c4871e72c92f03735'],
      ]);
      expect(r.issues).toContainEqual(
        expect.objectContaining({
          code: 'limit-exceeded',
          line: 4,
          params: expect.objectContaining({ variant: 'long-line-bytes', count: 1, line: 4 }),
        }),
      );
      expect(r.issues.map((i) => i.params?.['variant'])).not.toContain('text-size');
    });
  }
});
