// Several outputs pasted into one file (issue 17). Real texts: samples/pasted/*-concatenated*
// (src/pasted.test.ts); these cases pin the cutting rules on small inline texts.
import { describe, expect, it } from 'vitest';
import { PARSERS } from './parsers.js';
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
