/** analyze() reports progress through its callback (cli.ts draws it); parsers know nothing of it. */
import { describe, expect, it } from 'vitest';
import { analyze, type Progress } from './analyze.js';

const sample = (name: string) => new URL(`../samples/${name}`, import.meta.url).pathname;

describe('analyze progress', () => {
  it('counts the bytes of each artifact as it is read, then facts, rules and done', async () => {
    const seen: Progress[] = [];
    const plain = await analyze([sample('s5-protocol-mismatch')]);
    const withBar = await analyze([sample('s5-protocol-mismatch')], {
      onProgress: (p) => seen.push(p),
    });
    // The callback changes nothing in the result.
    expect(withBar.evaluation.findings).toEqual(plain.evaluation.findings);
    const reads = seen.filter((p) => p.phase === 'read');
    expect(reads.length).toBeGreaterThan(1);
    expect(reads.some((p) => p.detail?.endsWith('.pcap'))).toBe(true);
    for (let i = 1; i < reads.length; i++)
      expect(reads[i]!.done).toBeGreaterThanOrEqual(reads[i - 1]!.done);
    for (const p of reads) expect(p.done).toBeLessThanOrEqual(p.total);
    expect(seen.slice(-3).map((p) => p.phase)).toEqual(['facts', 'rules', 'done']);
  });
});
