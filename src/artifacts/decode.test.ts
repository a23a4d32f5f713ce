import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { splitLines } from '../shared/parse.js';
import { decodeText, decodeWith, encodingName, streamDecoder } from './decode.js';

const zh = 'SSL 证书绑定:\r\n    证书哈希 : 61d34f532da121bbab64723c4871e72c92f03735\r\n';

describe('artifacts/decode', () => {
  it.each([
    {
      description: 'UTF-8 with BOM',
      bytes: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(zh)]),
      encoding: 'utf-8',
      bom: true,
    },
    {
      description: 'UTF-16LE with BOM (reg export, PowerShell 5.1 >)',
      bytes: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(zh, 'utf16le')]),
      encoding: 'utf-16le',
      bom: true,
    },
    {
      description: 'UTF-16BE with BOM',
      bytes: Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(zh, 'utf16le').swap16()]),
      encoding: 'utf-16be',
      bom: true,
    },
    { description: 'UTF-8 without BOM', bytes: Buffer.from(zh), encoding: 'utf-8', bom: false },
  ])('decodes $description without a guess', ({ bytes, encoding, bom }) => {
    const d = decodeText(bytes);
    expect(d).toMatchObject({ text: zh, encoding, bom, issues: [] });
  });

  it('detects BOM-less UTF-16LE and UTF-16BE from the NUL pattern, and says so', () => {
    const ascii = 'IP:port : 0.0.0.0:443\r\n';
    expect(decodeText(Buffer.from(ascii, 'utf16le'))).toMatchObject({
      text: ascii,
      encoding: 'utf-16le',
      issues: [{ code: 'decode-guessed', severity: 'info' }],
    });
    expect(decodeText(Buffer.from(ascii, 'utf16le').swap16())).toMatchObject({
      text: ascii,
      encoding: 'utf-16be',
      issues: [{ code: 'decode-guessed' }],
    });
  });

  it.each([
    {
      cp: 936,
      name: 'gb18030',
      text: '活动连接\r\n  协议  本地地址          外部地址        状态           PID\r\n 无法获取所有权信息',
    },
    { cp: 437, name: 'cp437', text: 'Verify Client Certificate Revocation : Enabled ─ ü' },
    { cp: 850, name: 'cp850', text: 'Zertifikathash : ÿ Größe' },
    { cp: 1252, name: 'windows-1252', text: 'Vérifier la révocation : Désactivé €' },
    { cp: 932, name: 'shift_jis', text: '証明書ハッシュ : 61d34f532da121bb' },
  ])(
    'decodes code page $cp legacy output with the host code page from the manifest',
    ({ cp, name, text }) => {
      const bytes = iconv.encode(text, name);
      const d = decodeText(bytes, { oemCodePage: cp });
      expect(d.text).toBe(text);
      expect(d.encoding).toBe(name);
      expect(d.issues).toMatchObject([{ code: 'decode-guessed', severity: 'info' }]);
    },
  );

  it('uses a declared encoding, and an "oem" declaration means the host OEM code page', () => {
    const bytes = iconv.encode('无法获取所有权信息', 'gbk');
    expect(decodeText(bytes, { declared: 'cp936' })).toMatchObject({
      text: '无法获取所有权信息',
      encoding: 'gb18030',
      issues: [],
    });
    expect(decodeText(bytes, { declared: 'oem', oemCodePage: 936 })).toMatchObject({
      text: '无法获取所有权信息',
      issues: [],
    });
  });

  it('falls back to windows-1252 with a warning when nothing is known, and counts replacements', () => {
    const d = decodeText(Buffer.from([0x43, 0x61, 0x66, 0xe9, 0x0a]));
    expect(d).toMatchObject({
      text: 'Café\n',
      encoding: 'windows-1252',
      issues: [{ code: 'decode-guessed', severity: 'warning' }],
    });
    const bad = decodeText(Buffer.from([0x61, 0xff, 0x62]), { declared: 'utf-8' });
    expect(bad.issues).toMatchObject([{ code: 'decode-replacement' }]);
  });

  it('maps Windows code page names', () => {
    expect(encodingName(65001)).toBe('utf-8');
    expect(encodingName('GBK')).toBe('gb18030');
    expect(encodingName('IBM437')).toBe('cp437');
    expect(encodingName('Unicode')).toBe('utf-16le');
    expect(encodingName('no-such-encoding')).toBeNull();
  });

  it('decodes UTF-16LE and binary as iconv-lite does, without loading it (odd bytes, lone surrogates, BOM)', () => {
    const cases = [
      Buffer.from('\ufeffAB\ufeffC', 'utf16le'),
      Buffer.concat([Buffer.from('abc', 'utf16le'), Buffer.from([0x41])]),
      Buffer.from([0x3d, 0xd8, 0x41, 0x00]), // lone high surrogate, then A
      Buffer.from([0x00, 0xdc]), // lone low surrogate
      Buffer.from([0x3d, 0xd8]), // a high surrogate at the very end
      Buffer.from([0xff]),
      Buffer.alloc(0),
    ];
    for (const bytes of cases) {
      for (const encoding of ['utf-16le', 'binary'])
        expect(decodeWith(bytes, encoding), `${encoding} ${bytes.toString('hex')}`).toBe(
          iconv.decode(bytes, encoding),
        );
    }
  });

  it('splits CRLF, LF and lone CR line endings', () => {
    expect(splitLines('a\r\nb\nc\rd\r\n')).toEqual(['a', 'b', 'c', 'd']);
  });
});

describe('streamDecoder', () => {
  const zh = '<Event><Data>客户端 證書 ünïcödé</Data></Event>\r\n'.repeat(300);
  it.each([
    {
      name: 'utf-8 with BOM',
      bytes: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(zh)]),
      hints: {},
    },
    { name: 'utf-16le without BOM', bytes: iconv.encode(zh, 'utf-16le'), hints: {} },
    {
      name: 'gb18030 declared',
      bytes: iconv.encode(zh.replace(/ünïcödé/g, ''), 'gb18030'),
      hints: { declared: '936' },
    },
  ])('decodes $name in any chunking as decodeText does', ({ bytes, hints }) => {
    const whole = decodeText(bytes, hints);
    for (const size of [1, 7, 4096, 1 << 20]) {
      const d = streamDecoder(bytes.subarray(0, 4096), hints);
      let text = '';
      for (let i = 0; i < bytes.length; i += size) text += d.decode(bytes.subarray(i, i + size));
      text += d.end();
      expect(text).toBe(whole.text);
      expect(d.encoding).toBe(whole.encoding);
      expect(d.issues().map((i) => i.code)).toEqual(whole.issues.map((i) => i.code));
    }
  });

  it('does not call a UTF-8 head invalid because a character is cut at its end', () => {
    const bytes = Buffer.from('a'.repeat(4095) + '客户端');
    expect(streamDecoder(bytes.subarray(0, 4096)).encoding).toBe('utf-8');
  });

  it('counts replaced bytes once the stream ends', () => {
    const d = streamDecoder(Buffer.from('ok'), { declared: 'utf-8' });
    d.decode(Buffer.from([0x6f, 0x6b, 0xff, 0x0a]));
    d.end();
    expect(d.issues()).toMatchObject([{ code: 'decode-replacement' }]);
  });
});
