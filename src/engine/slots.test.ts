/**
 * Host-name slots (judge6 M7): an internationalized name from evidence (`bücher.contoso.de`) is
 * placed in a fix as its IDNA A-label form, plain ASCII in both shells; names that only look like
 * host names (a shell metacharacter, a full-width letter or dot IDNA would map away) stay refused.
 */
import { describe, expect, it } from 'vitest';
import { renderFix } from './render-fix.js';
import { quoteFor, slotValue, type SlotKind } from './slots.js';

const ACCEPTED: [SlotKind, string, string][] = [
  ['host', 'www.contoso.com', 'www.contoso.com'],
  ['host', 'bücher.contoso.de', 'xn--bcher-kva.contoso.de'],
  ['host', 'BÜCHER.contoso.de', 'xn--bcher-kva.contoso.de'],
  ['host', '*.bücher.de', '*.xn--bcher-kva.de'],
  ['host', 'шоп.рф', 'xn--n1acz.xn--p1ai'],
  ['host', '例え.テスト', 'xn--r8jz45g.xn--zckzah'],
  ['host', 'xn--bcher-kva.contoso.de', 'xn--bcher-kva.contoso.de'],
  ['hostport', 'bücher.contoso.de:443', 'xn--bcher-kva.contoso.de:443'],
  ['sslEndpoint', 'bücher.contoso.de:443', 'xn--bcher-kva.contoso.de:443'],
  ['sslEndpoint', '0.0.0.0:443', '0.0.0.0:443'],
  ['sslEndpoint', '[::]:443', '[::]:443'],
  ['sslParam', 'hostnameport=bücher.contoso.de:443', 'hostnameport=xn--bcher-kva.contoso.de:443'],
  ['bindingInfo', '*:443:bücher.contoso.de', '*:443:xn--bcher-kva.contoso.de'],
  ['bindingInfo', '*:443:', '*:443:'],
];

const REFUSED: [SlotKind, string][] = [
  ['sslEndpoint', 'shop&co.contoso.com:443'],
  ['sslEndpoint', 'bücher&co.contoso.de:443'],
  ['sslEndpoint', 'bücher.contoso.de:0'],
  ['sslEndpoint', 'bü cher.contoso.de:443'],
  // Full-width letter and ideographic full stop: IDNA maps them to another, plain name.
  ['host', '\uff42ücher.contoso.de'],
  ['host', 'bücher\uff0econtoso.de'],
  // Full-width ampersand and quote (maps to `&`, `"`), zero-width joiner, right-to-left override.
  ['host', 'bücher\uff06co.de'],
  ['host', 'bücher\uff02.de'],
  ['host', 'a\u200db.de'],
  ['host', 'b\u202eücher.de'],
  ['host', 'bücher..de'],
  ['host', `${'ü'.repeat(64)}.de`],
  ['hostport', 'bücher.contoso.de:443 & calc'],
  ['sslParam', 'hostnameport=shop&co.contoso.com:443'],
  ['bindingInfo', '*:443:shop&co.contoso.com'],
  ['bindingInfo', '*:443:bücher%PATH%.de'],
];

describe('engine/slots host names', () => {
  it.each(ACCEPTED)('%s %j → %j', (kind, value, expected) => {
    expect(slotValue(kind, value)).toBe(expected);
  });

  it.each(REFUSED)('%s refuses %j', (kind, value) => {
    expect(slotValue(kind, value)).toBeNull();
  });

  it('gives every accepted name as ASCII, bare in cmd and in PowerShell where it can be', () => {
    for (const [kind, value] of ACCEPTED) {
      const v = slotValue(kind, value)!;
      expect(v, value).toMatch(/^[\x21-\x7e]+$/);
      expect(quoteFor('cmd', v, kind)).toBe(v);
    }
    expect(quoteFor('powershell', 'xn--bcher-kva.contoso.de:443', 'sslEndpoint')).toBe(
      "'xn--bcher-kva.contoso.de:443'",
    );
  });
});

describe('engine/render-fix internationalized names', () => {
  it('names an IDN by its punycode form in the commands and says so on a comment line', () => {
    const template =
      'netsh http delete sslcert {{arg "sslType" b.type}}={{arg "sslEndpoint" b.endpoint}}\n' +
      'netsh http show sslcert {{arg "sslType" c.type}}={{arg "sslEndpoint" c.endpoint}}';
    const ctx = {
      b: { type: 'hostnameport', endpoint: 'bücher.contoso.de:443' },
      c: { type: 'hostnameport', endpoint: 'shop&co.contoso.com:443' },
    };
    const cmd = renderFix(template, ctx, { shell: 'cmd', lang: 'en' }).split('\n');
    expect(cmd).toEqual([
      'REM bücher.contoso.de:443 is written below in its IDNA (punycode) form xn--bcher-kva.contoso.de:443: the form clients send in SNI and HTTP.sys matches (if netsh finds no entry by it, name the entry as the evidence shows).',
      'netsh http delete sslcert hostnameport=xn--bcher-kva.contoso.de:443',
      'REM value not shown: it does not look like a HTTP.sys binding endpoint; see the evidence',
    ]);
    const ps = renderFix(template, ctx, { shell: 'powershell', lang: 'zh-CN' }).split('\n');
    expect(ps[0]).toMatch(
      /^# bücher\.contoso\.de:443 在下面的命令中写作其 IDNA（punycode）形式 xn--bcher-kva\.contoso\.de:443/,
    );
    expect(ps[1]).toBe("netsh http delete sslcert hostnameport='xn--bcher-kva.contoso.de:443'");
    // An ASCII name changes nothing and adds no note.
    const plain = renderFix(
      template,
      { ...ctx, b: { ...ctx.b, endpoint: 'www.contoso.com:443' } },
      {
        shell: 'cmd',
        lang: 'en',
      },
    );
    expect(plain.split('\n')[0]).toBe('netsh http delete sslcert hostnameport=www.contoso.com:443');
  });
});

describe('engine/slots registry paths', () => {
  const cipher = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Ciphers';
  it('accepts a Schannel cipher key, whose name holds a slash (judge9 S3)', () => {
    expect(slotValue('regPath', `${cipher}\\RC4 128/128`)).toBe(`${cipher}\\RC4 128/128`);
    expect(quoteFor('cmd', `${cipher}\\RC4 128/128`, 'regPath')).toBe(`"${cipher}\\RC4 128/128"`);
  });

  it.each(['HKLM\\SOFTWARE\\/f', 'HKLM\\SOFTWARE\\a /f & calc', 'HKLM\\SOFTWARE\\a"b'])(
    'refuses %j',
    (value) => {
      expect(slotValue('regPath', value)).toBeNull();
    },
  );
});
