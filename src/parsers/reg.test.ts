import { describe, expect, it } from 'vitest';
import { fixtureText, inlineText } from '../test-support/fixtures.js';
import { SNIFF } from '../shared/parse.js';
import { MANGLINGS } from '../test-support/mangle.js';
import {
  dotnetRegistryParser,
  findKey,
  getValue,
  httpRegistryParser,
  iisVersionRegistryParser,
  parseRegText,
  schannelRegistryParser,
  subkeysOf,
} from './reg.js';

const SCH = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL';

describe('reg', () => {
  it('reads the real IIS Crypto-style export with CRLF, ffffffff and keys opened twice', () => {
    const { value, issues } = parseRegText(
      fixtureText(import.meta.url, 'reg.sample.en-iiscrypto-hardening-crlf.txt'),
    );
    expect(value.header).toBe('Windows Registry Editor Version 5.00');
    expect(issues.filter((i) => i.severity !== 'info')).toEqual([]);
    const tls12 = findKey(value, `${SCH}\\Protocols\\TLS 1.2\\Server`);
    expect(getValue(tls12, 'Enabled')?.data).toBe(0xffffffff);
    // TLS 1.3\Client is opened twice: once for Enabled, once for DisabledByDefault; both survive.
    const tls13c = findKey(value, `${SCH}\\Protocols\\TLS 1.3\\Client`);
    expect(getValue(tls13c, 'Enabled')?.data).toBe(0);
    expect(getValue(tls13c, 'DisabledByDefault')?.data).toBe(1);
    expect(value.keys.filter((k) => k.path.endsWith('TLS 1.3\\Client'))).toHaveLength(1);
    expect(getValue(findKey(value, `${SCH}\\Ciphers\\RC4 64/128`), 'Enabled')?.data).toBe(0);
    const policy = value.keys.find((k) => /00010002$/.test(k.path));
    expect(getValue(policy, 'Functions')?.type).toBe('sz');
  });

  it('reads a file without a final newline', () => {
    const { value } = parseRegText(
      fixtureText(import.meta.url, 'reg.sample.tls12-no-final-newline.txt'),
    );
    const server = findKey(value, `${SCH}\\Protocols\\TLS 1.2\\Server`);
    expect(getValue(server, 'Enabled')).toMatchObject({
      type: 'dword',
      data: 1,
      evidence: { lines: { start: 9, end: 9 } },
    });
  });

  it('reads the IIS version values of the InetStp export (iis.version)', () => {
    const input = fixtureText(
      import.meta.url,
      'reg.sample.synthetic-inetstp-iis75.txt',
      'iis.version',
    );
    expect(iisVersionRegistryParser.sniff(input.text)).toBeGreaterThanOrEqual(SNIFF.likely);
    const { value, issues } = iisVersionRegistryParser.parse(input);
    expect(issues).toEqual([]);
    const key = findKey(value, 'HKLM\\SOFTWARE\\Microsoft\\InetStp');
    expect(getValue(key, 'MajorVersion')).toMatchObject({ type: 'dword', data: 7 });
    expect(getValue(key, 'MinorVersion')).toMatchObject({
      data: 5,
      evidence: { lines: { start: 7, end: 7 } },
    });
    expect(getValue(key, 'VersionString')?.data).toBe('Version 7.5');
    // Another area's export is not the IIS version.
    expect(
      iisVersionRegistryParser.sniff(
        fixtureText(import.meta.url, 'reg.sample.dotnet-strong-crypto.txt').text,
      ),
    ).toBe(0);
  });

  it('reads the .NET keys in both registry views', () => {
    const { value } = parseRegText(
      fixtureText(import.meta.url, 'reg.sample.dotnet-strong-crypto.txt'),
    );
    expect(value.keys).toHaveLength(4);
    expect(value.keys.every((k) => getValue(k, 'SchUseStrongCrypto')?.data === 1)).toBe(true);
  });

  it('reads WinHTTP DefaultSecureProtocols of both views from an indented, fenced copy', () => {
    const input = fixtureText(
      import.meta.url,
      'reg.sample.en-msdocs-winhttp-default-secure-protocols-fenced.txt',
      'dotnet.registry',
    );
    const { value } = parseRegText(input);
    const native = 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\WinHttp';
    const wow =
      'HKLM\\SOFTWARE\\WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\WinHttp';
    expect(getValue(findKey(value, native), 'DefaultSecureProtocols')?.data).toBe(0xa80);
    expect(getValue(findKey(value, wow), 'DefaultSecureProtocols')).toMatchObject({
      data: 0xa80,
      evidence: { lines: { start: 6 } },
    });
    expect(dotnetRegistryParser.sniff(input.text.slice(0, 8192))).toBeGreaterThanOrEqual(
      SNIFF.sure,
    );
  });

  it('reads the .NET Framework Release from a reg query after a prompt', () => {
    const input = fixtureText(
      import.meta.url,
      'reg.sample.en-reg-query-ndp-v4-full-release-prompt.txt',
      'dotnet.registry',
    );
    const { value } = parseRegText(input);
    const key = findKey(value, 'HKLM\\SOFTWARE\\Microsoft\\NET Framework Setup\\NDP\\v4\\Full');
    expect(getValue(key, 'Release')).toMatchObject({
      data: 461814,
      evidence: { lines: { start: 7 } },
    });
    expect(dotnetRegistryParser.sniff(input.text)).toBeGreaterThanOrEqual(SNIFF.likely);
  });

  it('decodes UTF-16LE HTTP\\Parameters with wrapped hex(7) and binary values', () => {
    const { value, issues } = parseRegText(
      fixtureText(import.meta.url, 'reg.sample.synthetic-http-parameters-utf16.reg'),
    );
    expect(issues).toEqual([]);
    const params = findKey(value, 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\HTTP\\Parameters');
    expect(getValue(params, 'ListenOnlyList')).toMatchObject({
      type: 'multi_sz',
      data: ['10.0.0.5', '127.0.0.1'],
      evidence: { lines: { start: 4, end: 5 } },
    });
    const bindings = subkeysOf(
      value,
      'HKLM\\SYSTEM\\CurrentControlSet\\Services\\HTTP\\Parameters\\SslBindingInfo',
    );
    expect(bindings.map((b) => b.path.split('\\').pop())).toEqual(['0.0.0.0:443']);
    const hash = getValue(bindings[0], 'SslCertHash')?.data as Uint8Array;
    expect(Buffer.from(hash).toString('hex')).toBe('61d34f532da121bbab64723c4871e72c92f03735');
  });

  it.each([
    {
      description: 'REGEDIT4 header with ANSI hex(7)',
      text: 'REGEDIT4\n\n[HKEY_LOCAL_MACHINE\\A]\n"M"=hex(7):61,00,62,00,00\n',
      check: (v: ReturnType<typeof parseRegText>) =>
        expect(getValue(v.value.keys[0], 'M')?.data).toEqual(['a', 'b']),
    },
    {
      description: 'hex(b) qword and hex(2) expand_sz',
      text: 'Windows Registry Editor Version 5.00\n[HKLM\\A]\n"Q"=hex(b):01,00,00,00,00,00,00,00\n"E"=hex(2):25,00,41,00,25,00,00,00\n',
      check: (v: ReturnType<typeof parseRegText>) => {
        expect(getValue(v.value.keys[0], 'Q')?.data).toBe(1n);
        expect(getValue(v.value.keys[0], 'E')?.data).toBe('%A%');
      },
    },
    {
      description: 'deleted key and deleted value',
      text: 'Windows Registry Editor Version 5.00\n[-HKLM\\Gone]\n[HKLM\\A]\n"X"=-\n',
      check: (v: ReturnType<typeof parseRegText>) => {
        expect(v.value.keys[0]?.deleted).toBe(true);
        expect(getValue(v.value.keys[1], 'X')?.deleted).toBe(true);
      },
    },
    {
      description: 'escaped quotes and default value',
      text: 'Windows Registry Editor Version 5.00\n[HKLM\\A]\n@="d"\n"a\\"b"="c\\\\d"\n',
      check: (v: ReturnType<typeof parseRegText>) => {
        expect(getValue(v.value.keys[0], '')?.data).toBe('d');
        expect(getValue(v.value.keys[0], 'a"b')?.data).toBe('c\\d');
      },
    },
    {
      description: 'mail-quoted copy with trailing tabs',
      text: '> Windows Registry Editor Version 5.00\n>\n> [HKLM\\A]\t\n> "Enabled"=dword:00000001\t\t\n',
      check: (v: ReturnType<typeof parseRegText>) =>
        expect(getValue(v.value.keys[0], 'Enabled')?.data).toBe(1),
    },
  ])('parses $description', ({ text, check }) => {
    check(parseRegText(inlineText(text)));
  });

  it('reports malformed lines and keeps the rest', () => {
    const text =
      'Windows Registry Editor Version 5.00\n"Orphan"=dword:1\n[HKLM\\A]\n"Bad"=dword:xyz\ngarbage\n"Good"=dword:00000002\n"Wrap"=hex:01,\\\n';
    const { value, issues } = parseRegText(inlineText(text));
    expect(getValue(value.keys[0], 'Good')?.data).toBe(2);
    expect(issues).toMatchObject([
      { code: 'value-outside-key', line: 2 },
      { code: 'invalid-value', line: 4 },
      { code: 'unrecognized-line', line: 5 },
      { code: 'unterminated-continuation', line: 7 },
    ]);
  });
});

describe('reg key names', () => {
  it('treats "/" as part of a key name, not a separator (Ciphers\\RC4 128/128)', () => {
    const { value } = parseRegText(
      fixtureText(import.meta.url, 'reg.sample.en-iiscrypto-hardening-crlf.txt'),
    );
    const ciphers = subkeysOf(value, `${SCH}\\Ciphers`).map((k) => k.path.split('\\').pop());
    expect(ciphers).toEqual(
      expect.arrayContaining(['RC4 128/128', 'Triple DES 168', 'AES 256/256']),
    );
  });

  it('reads the real reg query fragment: key from the command, values from the next fence', () => {
    const { value, issues } = parseRegText(
      fixtureText(import.meta.url, 'reg.sample.en-reg-query-msdocs-tls12-server-fenced.txt'),
    );
    const key = findKey(value, `${SCH}\\Protocols\\TLS 1.2\\Server`);
    expect(key?.values.map((v) => [v.name, v.type, v.data])).toEqual([
      ['Enabled', 'dword', 1],
      ['DisabledByDefault', 'dword', 0],
    ]);
    // The sentence between the two fences is the one line not read, with its number.
    expect(issues.filter((i) => i.severity !== 'info')).toMatchObject([
      { code: 'unrecognized-line', line: 5 },
    ]);
  });

  it('keeps a trailing space inside the brackets (another key) and trims spaces after "]" (a paste)', () => {
    // `[…\TLS 1.2 ]` names the key "TLS 1.2 " that Schannel never opens; `]` followed by blanks
    // is only what a mail or chat copy added (synthetic: no real sample shows either).
    const proto = `HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols`;
    const { value } = parseRegText(
      inlineText(
        [
          'Windows Registry Editor Version 5.00',
          '',
          `[${proto}\\TLS 1.2 ]`,
          '"Enabled"=dword:00000001',
          `[${proto}\\TLS 1.1\\Server ]`,
          '"Enabled"=dword:00000000',
          `[${proto}\\TLS 1.0\\Server]   `,
          '"Enabled"=dword:00000000',
          `> [${proto}\\SSL 3.0\\Server]\t `,
          '> "Enabled"=dword:00000000',
        ].join('\n'),
      ),
    );
    expect(value.keys.map((k) => k.path.slice(proto.length + 1))).toEqual([
      'TLS 1.2 ',
      'TLS 1.1\\Server ',
      'TLS 1.0\\Server',
      'SSL 3.0\\Server',
    ]);
    expect(findKey(value, `${SCH}\\Protocols\\TLS 1.1\\Server`)).toBeUndefined();
    expect(getValue(findKey(value, `${SCH}\\Protocols\\TLS 1.0\\Server`), 'Enabled')?.data).toBe(0);
  });

  it('repairs key lines a paste broke and reports each repair', () => {
    const { value, issues } = parseRegText(
      inlineText(
        [
          'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.0\\Server]',
          '"Enabled"=dword:00000000',
          '[HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.1\\Server',
          '"Enabled"=dword:00000000',
          'HKLM\\SYSTEM\\CurrentControlSet\\Services\\HTTP\\Parameters',
          '    EnableSslCertRevocation    REG_SZ    yes please',
          '    UrlSegmentMaxCount    REG_QWORD    0x10',
        ].join('\n'),
      ),
    );
    expect(value.keys.map((k) => [k.path.split('\\').pop(), k.values.map((v) => v.data)])).toEqual([
      ['Server', [0]],
      ['Server', [0]],
      ['Parameters', ['yes please', 16n]],
    ]);
    expect(issues.filter((i) => i.code === 'repaired-line').map((i) => i.line)).toEqual([1, 3, 5]);
  });

  it('scores fragments by their keys: header sure, key and values likely, other areas 0', () => {
    const tls =
      '[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Server]\n"Enabled"=dword:00000001\n';
    expect(
      schannelRegistryParser.sniff(`Windows Registry Editor Version 5.00\n\n${tls}`),
    ).toBeGreaterThanOrEqual(SNIFF.sure);
    expect(schannelRegistryParser.sniff(tls)).toBeGreaterThanOrEqual(SNIFF.likely);
    expect(schannelRegistryParser.sniff(`- ${tls.replace(/\\/g, '\\\\')}`)).toBeGreaterThanOrEqual(
      SNIFF.likely,
    );
    expect(httpRegistryParser.sniff(tls)).toBe(0);
    expect(dotnetRegistryParser.sniff(tls)).toBe(0);
  });

  const real = [
    'reg.sample.en-iiscrypto-hardening-crlf.txt',
    'reg.sample.tls12-no-final-newline.txt',
    'reg.sample.dotnet-strong-crypto.txt',
  ];
  const records = (name: string, text?: string) =>
    parseRegText(fixtureText(import.meta.url, name, 'schannel.registry', text)).value.keys.map(
      (k) => [k.path.toUpperCase(), k.values.map((v) => [v.name, v.type, v.data])],
    );
  const original = (name: string) => fixtureText(import.meta.url, name).text;
  const REG_MANGLINGS: [string, (t: string) => string][] = [
    ...MANGLINGS.map((m) => [m.name, m.apply] as [string, (t: string) => string]),
    ['header removed', (t) => t.replace(/^\uFEFF?Windows Registry Editor Version 5\.00\r?\n/, '')],
    ['markdown bullets', (t) => t.replace(/^(?=[["@])/gm, '* ')],
    ['opening brackets lost', (t) => t.replace(/^\[(?=HK)/gm, '')],
    [
      'key paths with doubled backslashes',
      (t) => t.replace(/^\[.*\]$/gm, (k) => k.replace(/\\/g, '\\\\')),
    ],
  ];
  describe.each(REG_MANGLINGS)('tolerates %s', (_name, mangle) => {
    it.each(real)('%s yields the same records', (name) => {
      expect(records(name, mangle(original(name)))).toEqual(records(name));
    });
  });
});
