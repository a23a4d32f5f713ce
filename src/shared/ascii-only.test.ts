import { describe, expect, it } from 'vitest';
import { asciiOnly } from './ascii-only.js';

/** Compiles a regular expression literal from source text, as the bundle's would be. */
const literal = (src: string): RegExp => new Function(`return ${src};`)() as RegExp;

describe('asciiOnly', () => {
  it('leaves ASCII source as it is', () => {
    const src = 'const a = /^\\s*(\\d+)\\\\x/g; // plain\n';
    expect(asciiOnly(src)).toBe(src);
  });

  it.each([
    ['/错误|Fehler[:：]/', ['错误', 'Fehler：'], ['Fehler', '错']],
    ['/^[❯➜λ»]\\s/u', ['❯ x', '» y'], ['> z']],
    ['/[^:：]+?[:：]/', ['证书哈希：'], ['abc']],
    ['/param[eè]tre/i', ['PARAMÈTRE', 'parametre'], ['paramtre']],
    ['/a😀b/u', ['a😀b'], ['ab']],
    ['/a😀b/', ['a😀b'], ['ab']],
    ['/[😀]/u', ['😀'], ['\ud83d']],
    ['/^\\é$/', ['é'], ['\\é']],
    ['/^\\\\é$/', ['\\é'], ['é']],
  ])('%s matches as before once escaped', (src, yes, no) => {
    const escaped = asciiOnly(src);
    expect(escaped).toMatch(/^[\t\n\r\x20-\x7e]*$/);
    const before = literal(src);
    const after = literal(escaped);
    expect(after.flags).toBe(before.flags);
    for (const s of yes) expect([s, after.test(s)]).toEqual([s, true]);
    for (const s of no) expect([s, after.test(s)]).toEqual([s, false]);
  });

  it('escapes comments too, so the whole file is ASCII', () => {
    expect(asciiOnly('// Cert:\\… listing\n')).toBe('// Cert:\\u2026 listing\n');
  });
});
