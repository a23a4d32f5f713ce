// No silent drops in pastes (issue 17 item 5): lines another parser reads, left unread by the
// parser that read the file, become an `unread-lines` warning. Found by the paste campaign
// (src/test-support/fuzz/paste.ts): a JSON listing pasted above certutil output was read as
// certutil alone, its 18 listeners dropped without a word.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkPaste, readPaste } from '../test-support/fuzz/paste.js';

const sample = (p: string) => readFileSync(new URL(`../../${p}`, import.meta.url), 'utf8');
const LISTENERS = 'samples/arr-backend-tls-failure/network/tcp-listeners.json';
const CERTUTIL = 'samples/arr-backend-tls-failure/certificates/certutil-v-store-my.txt';
const SSLCERT = 'samples/arr-backend-tls-failure/httpsys/netsh-http-show-sslcert.txt';

const files = (text: string) => readPaste(text).artifacts.flatMap((a) => a.files);

describe('unread lines', () => {
  it('names a JSON listing pasted above certutil output, which only certutil read', () => {
    const json = sample(LISTENERS)
      .replace(/\r?\n$/, '')
      .split(/\r?\n/);
    const text = ['', ...json.map((l) => `    ${l}`), '', sample(CERTUTIL)].join('\n');
    const read = files(text);
    expect(read.map((f) => f.artifactId)).toEqual(['cert.certutil']);
    expect(read[0]!.issues.filter((i) => i.code === 'unread-lines')).toMatchObject([
      {
        severity: 'warning',
        line: 2,
        params: { start: 2, end: json.length + 1, id: 'net.tcp-listeners', as: 'cert.certutil' },
      },
    ]);
    const part = { source: LISTENERS, start: 2, end: json.length + 1, how: [] };
    expect(checkPaste({ text, parts: [part] })).toBeUndefined();
  });

  it('leaves a file of one output alone', () => {
    for (const p of [LISTENERS, CERTUTIL, SSLCERT])
      for (const f of files(sample(p)))
        expect(
          f.issues.filter((i) => i.code === 'unread-lines'),
          p,
        ).toEqual([]);
  });
});
