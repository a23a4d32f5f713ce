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
  it('reads a JSON listing pasted above certutil output as an output of its own', () => {
    // Once only certutil read it (an unread-lines warning named the listing); the JSON parsers
    // now read the listing up to where it closes, so the cutter's segment yields its records.
    const json = sample(LISTENERS)
      .replace(/\r?\n$/, '')
      .split(/\r?\n/);
    const text = ['', ...json.map((l) => `    ${l}`), '', sample(CERTUTIL)].join('\n');
    const read = files(text);
    expect(read.map((f) => f.artifactId)).toEqual(['net.tcp-listeners', 'cert.certutil']);
    expect(read[0]!.segment?.end).toBeGreaterThan(json.length + 1);
    expect(read.flatMap((f) => f.issues.filter((i) => i.code === 'unread-lines'))).toEqual([]);
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
