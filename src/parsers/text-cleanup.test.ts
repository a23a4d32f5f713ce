/**
 * text-cleanup runs on every line of every text artifact, so it must stay linear: fuzzing found a
 * quadratic trailing-blank regex in unquote() and a cubic one in splitLabelValue().
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitLabelValue, splitLabelValueRegex, unquote } from './text-cleanup.js';

const ALPHABET = [' ', '\t', '\u00a0', '\u3000', ':', '：', 'a', 'b', '>', '\u2028', '\ufeff'];
const line = fc.array(fc.constantFrom(...ALPHABET), { maxLength: 40 }).map((cs) => cs.join(''));

describe('text-cleanup', () => {
  it('splits exactly as the label/value regexes do, for any line', () => {
    fc.assert(
      fc.property(line, (l) => {
        expect(splitLabelValue(l)).toEqual(splitLabelValueRegex(l));
      }),
      { numRuns: 3000 },
    );
    expect(splitLabelValue('    IP:port                      : 0.0.0.0:443')).toEqual({
      label: 'IP:port',
      value: '0.0.0.0:443',
    });
    expect(splitLabelValue('证书哈希：abc')).toEqual({ label: '证书哈希', value: 'abc' });
  });

  it('stays linear on long blank runs (1 MiB lines in milliseconds, not hours)', () => {
    const start = performance.now();
    for (const l of [
      ' '.repeat(1 << 20) + 'x',
      '\t'.repeat(1 << 20) + ':',
      'a' + ' '.repeat(1 << 20) + 'b',
    ])
      splitLabelValue(unquote(l));
    expect(unquote('> a  \t\u3000')).toBe('a');
    expect(unquote(' '.repeat(1 << 20) + 'x').length).toBe((1 << 20) + 1);
    // quadratic took hours on these; linear takes milliseconds (generous bound: shared machine)
    expect(performance.now() - start).toBeLessThan(2000);
  });
});
