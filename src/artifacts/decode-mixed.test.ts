/**
 * judge8 x13: one file, cmd `>` (code page) and Windows PowerShell 5.1 `>>` (UTF-16LE). The
 * fixtures (src/artifacts/fixtures/mixed-encoding.synthetic-*.txt) join real outputs, each part
 * encoded as its shell writes it with iconv: the netsh-sslcert sample
 * (en-win10-short-field-set-revocation-disabled.txt), the netstat samples
 * (en-ano-http-sys-port80-pid4-snipped.txt; zh-cn-anbo-console-padded-443-vmware-elided.txt in
 * GBK), all from /work/shared/real/text (see its SOURCES.md); CRLF as the shells write.
 */
import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeText } from './decode.js';

const read = (name: string): Buffer => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));

const CASES = [
  {
    file: 'mixed-encoding.synthetic-cmd-ansi-then-ps51-append-utf16le.txt',
    hints: {},
    encoding: 'utf-8+utf-16le',
    at: 25,
    lines: {
      5: '    IP:port                      : 0.0.0.0:44307',
      25: 'PS C:\\temp> netstat -ano',
    },
  },
  {
    file: 'mixed-encoding.synthetic-ps51-utf16le-bom-then-cmd-append.txt',
    hints: {},
    encoding: 'utf-16le+utf-8',
    at: 25,
    lines: { 1: 'PS C:\\temp> netsh http show sslcert', 25: 'C:\\temp>netstat -ano' },
  },
  {
    // GBK, the next part at an odd byte offset; the host's OEM code page from the manifest.
    file: 'mixed-encoding.synthetic-zh-cn-gbk-then-ps51-append-utf16le.txt',
    hints: { oemCodePage: 936 },
    encoding: 'gb18030+utf-16le',
    at: 33,
    lines: { 2: '活动连接', 33: 'PS C:\\temp> netsh http show sslcert' },
  },
];

describe('a file mixing single-byte text and UTF-16LE (x13)', () => {
  for (const c of CASES) {
    it(`decodes each part with its encoding and names the switch line (${c.file})`, () => {
      const d = decodeText(read(c.file), c.hints);
      expect(d.encoding).toBe(c.encoding);
      expect(d.text).not.toContain(String.fromCharCode(0));
      expect(d.text).not.toContain('\uFFFD');
      const lines = d.text.split('\r\n');
      for (const [n, text] of Object.entries(c.lines))
        expect(lines[Number(n) - 1]!.trimEnd()).toBe(text);
      expect(d.issues).toContainEqual(
        expect.objectContaining({ code: 'decode-mixed', severity: 'info', line: c.at }),
      );
    });
  }

  it('leaves a file in one encoding as it was (UTF-16LE with CJK lines, UTF-8, the judge8 x20 paste)', () => {
    const zh = readFileSync(
      new URL(
        '../parsers/netstat.sample.zh-cn-anbo-console-padded-vmware-443.txt',
        import.meta.url,
      ),
      'utf8',
    );
    const x20 = readFileSync(new URL('../fixtures/judge8/x20-events.txt', import.meta.url));
    for (const bytes of [iconv.encode(zh, 'utf-16le'), Buffer.from(zh, 'utf8'), x20]) {
      const d = decodeText(bytes);
      expect(d.issues.map((i) => i.code)).not.toContain('decode-mixed');
      expect(d.encoding).not.toContain('+');
    }
    expect(decodeText(iconv.encode(zh, 'utf-16le')).text).toBe(zh);
  });
});
