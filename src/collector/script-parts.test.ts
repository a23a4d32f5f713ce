/**
 * The shipped collector script is the join of its parts (collectors/src): nobody can edit one
 * without the other, and the join keeps the bytes, encoding mark and line ends of the parts.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BLOCK_START, scriptVersion } from './catalog-block.js';
import {
  COLLECTOR_SCRIPT,
  GENERATED_LINE,
  PART_NAME,
  joinParts,
  readParts,
  type ScriptPart,
} from './script-parts.js';

const part = (name: string, text: string | Buffer): ScriptPart => ({
  name,
  content: Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8'),
});

describe('collector script parts', () => {
  const parts = readParts();

  it('ships exactly the join of collectors/src (run npm run collector:build after editing a part)', () => {
    const shipped = readFileSync(COLLECTOR_SCRIPT);
    expect(shipped.equals(joinParts(parts)), 'run npm run collector:build').toBe(true);
  });

  it('says in its first line that it is generated, then keeps the help block readable', () => {
    const lines = readFileSync(COLLECTOR_SCRIPT, 'utf8').split('\n');
    expect(lines[0]).toBe(GENERATED_LINE);
    // A comment right above `<#` hides the comment-based help from Get-Help: keep the blank line.
    expect(lines[1]).toBe('');
    expect(lines[2]).toBe('<#');
  });

  it('names every part NN-<name>.ps1 and keeps the catalog block and the version in one part each', () => {
    expect(parts.length).toBeGreaterThan(5);
    for (const p of parts) expect(p.name).toMatch(PART_NAME);
    const texts = parts.map((p) => p.content.toString('utf8'));
    expect(texts.filter((t) => t.includes(BLOCK_START))).toHaveLength(1);
    expect(texts.filter((t) => scriptVersion(t) !== null)).toHaveLength(1);
  });

  it('joins byte for byte, keeping a UTF-8 BOM and CRLF line ends of the parts', () => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    const out = joinParts([
      part('00-a.ps1', Buffer.concat([bom, Buffer.from('<#\r\n#>\r\n')])),
      part('10-b.ps1', '$x = 1\r\n'),
    ]);
    expect(out.subarray(0, 3).equals(bom)).toBe(true);
    expect(out.subarray(3).toString('utf8')).toBe(
      `${GENERATED_LINE}\r\n\r\n<#\r\n#>\r\n$x = 1\r\n`,
    );
    expect(joinParts([part('00-a.ps1', 'a\n'), part('10-b.ps1', 'b\n')]).toString()).toBe(
      `${GENERATED_LINE}\n\na\nb\n`,
    );
  });

  it('refuses a part without a final line end, a misnamed part, a second BOM, or none at all', () => {
    expect(() => joinParts([part('00-a.ps1', 'a'), part('10-b.ps1', 'b\n')])).toThrow(
      /00-a.ps1: must end with a line end/,
    );
    expect(() => joinParts([part('a.ps1', 'a\n')])).toThrow(/NN-<name>/);
    expect(() =>
      joinParts([
        part('00-a.ps1', 'a\n'),
        part('10-b.ps1', Buffer.from([0xef, 0xbb, 0xbf, 0x62, 0x0a])),
      ]),
    ).toThrow(/only the first part/);
    expect(() => joinParts([])).toThrow(/no collector parts/);
  });
});
