// Several outputs pasted into one file (issue 17). Real texts: samples/pasted/*-concatenated*
// (src/pasted.test.ts); these cases pin the cutting rules on small inline texts.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParseError, textInput, type ArtifactParser } from '../shared/parse.js';
import { PARSERS, parserFor } from './parsers.js';
import { segmentsOf, segmentText } from './segments.js';

const SSLCERT = [
  'SSL Certificate bindings:',
  '-------------------------',
  '',
  '    IP:port                      : 0.0.0.0:443',
  '    Certificate Hash             : 61d34f532da121bbab64723c4871e72c92f03735',
  '    Application ID               : {4dc3e181-e14b-4a21-b022-59fc669b0914}',
  '    Certificate Store Name       : MY',
  '',
];
const IPLISTEN = [
  'IP addresses present in the IP listen list:',
  '-------------------------------------------',
  '',
  '    10.0.0.5',
  '',
];
const ids = (text: string) =>
  segmentsOf(text, PARSERS)?.map((s) => [s.parser.artifactId, s.start, s.end]) ?? null;

describe('segmentsOf', () => {
  it('cuts at a command echo and a header, the echo going with the output it starts', () => {
    const text = [
      'C:\\>netsh http show sslcert',
      ...SSLCERT,
      'C:\\>netsh http show iplisten',
      '',
      ...IPLISTEN,
    ].join('\r\n');
    expect(ids(text)).toEqual([
      ['httpsys.sslcert', 1, 9],
      ['httpsys.iplisten', 10, 16],
    ]);
  });

  it('reads A, B, A as three outputs, and a greeting before them with the first', () => {
    const text = ['Hello,', ...SSLCERT, ...IPLISTEN, ...SSLCERT].join('\n');
    expect(ids(text)).toEqual([
      ['httpsys.sslcert', 1, 9],
      ['httpsys.iplisten', 10, 14],
      ['httpsys.sslcert', 15, 22],
    ]);
  });

  it('leaves one output alone, whatever prompts and repeated headers it holds', () => {
    expect(ids(['C:\\>netsh http show sslcert', ...SSLCERT, ...SSLCERT].join('\n'))).toBeNull();
    expect(ids(SSLCERT.join('\n'))).toBeNull();
  });

  it('does not cut where only one part scores strongly', () => {
    // A lone address under a prompt is no strong second output.
    expect(ids([...SSLCERT, 'C:\\>ping 10.0.0.5', 'Reply from 10.0.0.5'].join('\n'))).toBeNull();
  });

  it('blanks every line outside a segment, keeping the line numbers', () => {
    expect(segmentText('a\r\nb\r\nc\r\nd', { start: 2, end: 3 })).toBe('\nb\nc\n');
  });
});

describe('segmentsOf (fuzz)', () => {
  // The pasted fragments, glued in random order with random junk, quoting and cuts between them:
  // segments never overlap, stay inside the text, differ from their neighbour, and each one's
  // parser reads its blanked text without throwing anything but ParseError.
  const dir = new URL('../../samples/pasted/', import.meta.url).pathname;
  const fragments = readdirSync(dir)
    .filter((n) => n.endsWith('.txt'))
    .map((n) => readFileSync(join(dir, n), 'utf8'));
  const junk = ['', '> ', 'Thanks,', '```', 'C:\\>', '...', 'PS C:\\> netsh http show sslcert'];
  it('cuts any glued pastes into ordered, disjoint segments each parser reads', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.nat({ max: fragments.length - 1 }),
            fc.nat({ max: junk.length - 1 }),
            fc.boolean(),
            fc.nat({ max: 400 }),
          ),
          { minLength: 1, maxLength: 5 },
        ),
        (parts) => {
          const text = parts
            .map(([f, j, quote, cut]) => {
              const body = fragments[f]!.slice(0, fragments[f]!.length - cut);
              return `${junk[j]}\n${quote ? body.replace(/^/gm, '> ') : body}`;
            })
            .join('\n');
          const lines = text.split(/\r\n|\r|\n/).length;
          const segs = segmentsOf(text, PARSERS) ?? [];
          let prevEnd = 0;
          segs.forEach((s, k) => {
            expect(s.start).toBe(prevEnd + 1);
            expect(s.end).toBeGreaterThanOrEqual(s.start);
            if (k > 0) expect(s.parser).not.toBe(segs[k - 1]!.parser);
            prevEnd = s.end;
            try {
              (parserFor(s.parser) as Extract<ArtifactParser, { input: 'text' }>).parse(
                textInput({ artifactId: s.parser.artifactId, path: 'p' }, segmentText(text, s)),
              );
            } catch (e) {
              expect(e).toBeInstanceOf(ParseError);
            }
          });
          if (segs.length > 0) expect(prevEnd).toBe(lines);
        },
      ),
      { numRuns: Number(process.env['FUZZ_RUNS'] ?? 40) },
    );
  });
});
