import { describe, expect, it } from 'vitest';
import { fixtureText, inlineText } from '../test-support/fixtures.js';
import { MANGLINGS } from '../test-support/mangle.js';
import { SNIFF } from '../shared/parse.js';
import {
  applicationHostParser,
  parseAccessSslFlags,
  parseSslFlags,
  splitBindingInformation,
  sslFlagNames,
} from './applicationhost.js';

const parse = (name: string) => applicationHostParser.parse(fixtureText(import.meta.url, name));

describe('iis.config', () => {
  it('reads the real IIS Express <sites> excerpt with an empty IP part and an https binding', () => {
    const { value, issues } = parse(
      'applicationhost.sample.en-iisexpress-sites-empty-ip-https-44351.txt',
    );
    // %IIS_SITES_HOME% exists only under IIS Express: labelled, not the server's IIS.
    expect(issues).toMatchObject([{ code: 'iis-express', line: 4, severity: 'info' }]);
    expect(value.iisExpress).toEqual({ signal: '%IIS_SITES_HOME%', line: 4 });
    expect(value.form).toBe('excerpt');
    expect(value.sites).toHaveLength(2);
    expect(value.sites[0]).toMatchObject({
      name: 'WebSite1',
      id: 1,
      serverAutoStart: true,
      bindings: [{ protocol: 'http', address: '', port: 8080, host: 'localhost' }],
      evidence: { lines: { start: 2, end: 9 } },
    });
    expect(value.sites[1]!.applications).toEqual([
      {
        path: '/',
        applicationPool: 'Clr4IntegratedAppPool',
        physicalPath: 'C:\\dev\\webappwithazuread\\WebAppWithAzureAD',
      },
    ]);
    expect(value.sites[1]!.bindings[1]).toMatchObject({
      protocol: 'https',
      address: '*',
      port: 44351,
      host: 'localhost',
      sslFlags: 0,
      sslFlagNames: [],
      evidence: { lines: { start: 16, end: 16 } },
    });
  });

  it('reads the real hosting-server excerpt: http only, serverAutoStart false, host headers', () => {
    const { value, issues } = parse('applicationhost.sample.en-hosting-server-sites-http-only.txt');
    expect(issues).toEqual([]);
    expect(value.sites.map((s) => [s.id, s.name, s.serverAutoStart])).toEqual([
      [1, 'Default Web Site', false],
      [4, 'redisoncloud.com', true],
      [5, 'ikinci.com', true],
    ]);
    expect(value.sites.flatMap((s) => s.bindings).every((b) => b.protocol === 'http')).toBe(true);
    expect(value.sites[0]!.bindings[0]).toMatchObject({ address: '*', port: 80, host: null });
    expect(value.sites[1]!.bindings[1]).toMatchObject({
      host: 'www.redisoncloud.com',
      evidence: { lines: { start: 16, end: 16 } },
    });
  });

  it('reads a full config: sslFlags bits, IPv6, certificateHash, comments and other bindings', () => {
    const { value, issues } = parse('applicationhost.sample.synthetic-full-https-sni-ccs-ipv6.txt');
    expect(value.form).toBe('full');
    expect(value.sites.map((s) => s.name)).toEqual(['Default Web Site', 'Contoso & Co']);
    const [def, contoso] = value.sites;
    expect(def!.bindings[2]).toMatchObject({ protocol: 'net.tcp', address: null, port: null });
    expect(contoso).toMatchObject({ id: 2, serverAutoStart: false });
    expect(contoso!.applications.map((a) => a.path)).toEqual(['/', '/api']);
    expect(contoso!.bindings[0]).toMatchObject({
      address: '10.0.0.5',
      port: 443,
      host: 'www.contoso.com',
      sslFlags: 97,
      sslFlagNames: ['Sni', 'DisableTLS13', 'DisableLegacyTLS'],
      certificateHash: '61d34f6c7b1a5e2a9c0f3d4e5b6a7c8d9e0f1a2b',
      certificateStoreName: 'My',
      evidence: { lines: { start: 32, end: 32 } },
    });
    expect(contoso!.bindings[1]).toMatchObject({
      address: '2001:db8::5',
      port: 8443,
      host: null,
      sslFlags: 3,
    });
    expect(contoso!.bindings[2]).toMatchObject({ protocol: 'https', address: '', port: 4443 });
    expect(issues).toMatchObject([{ code: 'invalid-value', line: 35 }]);
  });

  it('reads the legacy SSL hash (customMetadata 5506) of a site, KB 2025598 shape', () => {
    const { value, issues } = parse(
      'applicationhost.sample.synthetic-custommetadata-5506-kb2025598.txt',
    );
    expect(issues).toEqual([]);
    expect(value.legacySslHashes).toMatchObject([
      {
        path: 'LM/W3SVC/2',
        siteId: 2,
        value: 'oXiHOzFAMOF0YxIuI7soWvDFEzg=',
        certificateHash: 'a178873b314030e17463122e23bb285af0c51338',
        evidence: { lines: { start: 14, end: 14 } },
      },
    ]);
    expect(value.sites.map((s) => s.id)).toEqual([1, 2, 4, 5]);
  });

  it('keeps a 5506 value that is no SHA-1 hash as an issue, and ignores 5506 outside customMetadata', () => {
    const { value, issues } = applicationHostParser.parse(
      inlineText(
        [
          '<configuration><system.applicationHost>',
          '<!-- <customMetadata><key path="LM/W3SVC/9"><property id="5506" value="AAAA" /></key></customMetadata> -->',
          '<customMetadata>',
          '<key path="LM/W3SVC/3/ROOT"><property id="5506" dataType="Binary" value="AAAA" /></key>',
          '<key path="LM/W3SVC/4"><property id="5511" value="MY" /></key>',
          '</customMetadata>',
          '<sites><site name="a" id="3"><bindings><binding protocol="https" bindingInformation="*:443:" /></bindings></site></sites>',
          '<other><key path="LM/W3SVC/5"><property id="5506" value="oXiHOzFAMOF0YxIuI7soWvDFEzg=" /></key></other>',
          '</system.applicationHost></configuration>',
        ].join('\n'),
      ),
    );
    expect(value.legacySslHashes).toMatchObject([
      { path: 'LM/W3SVC/3/ROOT', siteId: 3, value: 'AAAA', certificateHash: null },
    ]);
    expect(issues).toMatchObject([{ code: 'invalid-value', line: 4 }]);
  });

  it('refuses a DOCTYPE and never expands entities', () => {
    const { value, issues } = applicationHostParser.parse(
      inlineText(
        '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY e "EVIL">]>\n<sites><site name="&e;" id="1"><bindings><binding protocol="https" bindingInformation="*:443:" /></bindings></site></sites>',
      ),
    );
    expect(issues).toMatchObject([{ code: 'unsupported-variant', line: 2 }]);
    expect(value.sites[0]!.name).toBe('&e;');
    expect(value.sites[0]!.bindings[0]!.port).toBe(443);
  });

  it('reports broken XML, a missing <sites> and duplicate ids without throwing', () => {
    expect(applicationHostParser.parse(inlineText('')).issues).toMatchObject([
      { code: 'empty-input' },
    ]);
    expect(applicationHostParser.parse(inlineText('<configuration/>')).issues).toMatchObject([
      { code: 'missing-field' },
    ]);
    const dup = applicationHostParser.parse(
      inlineText('<sites>\n<site name="a" id="1"/>\n<site name="b" id="1"/>\n</sites>'),
    );
    expect(dup.issues).toMatchObject([{ code: 'duplicate-record', line: 3 }]);
    const broken = applicationHostParser.parse(inlineText('<sites><site name="a" id="1">'));
    expect(broken.issues.some((i) => i.code === 'malformed-xml')).toBe(true);
  });

  it('splits bindingInformation and sslFlags of every form', () => {
    expect(splitBindingInformation('[::1]:443:Example.COM')).toEqual({
      address: '::1',
      port: 443,
      host: 'example.com',
    });
    expect(splitBindingInformation('::443:')).toBeNull();
    expect(splitBindingInformation('*:0:')).toBeNull();
    expect(parseSslFlags('sni,disablequic')).toEqual({ value: 17, ok: true });
    expect(parseSslFlags('None')).toEqual({ value: 0, ok: true });
    expect(parseSslFlags('Bogus')).toMatchObject({ ok: false });
    expect(sslFlagNames(2 | 4 | 8)).toEqual(['CentralCertStore', 'DisableHTTP2', 'DisableOCSPStp']);
  });

  it('reads the real IIS Express README fragment: a <site> alone, indented, prose around it', () => {
    const { value, issues } = parse(
      'applicationhost.sample.en-iisexpress-readme-site-fragment-indented.txt',
    );
    expect(
      value.sites.map((x) => [x.name, x.id, x.bindings.map((b) => b.bindingInformation)]),
    ).toEqual([
      [
        'MvcApplication18',
        39,
        ['*:15408:localhost', '*:44302:localhost', '*:80:hanselman-w500', '*:443:hanselman-w500'],
      ],
    ]);
    expect(value.sites[0]!.evidence.lines).toEqual({ start: 3, end: 13 });
    expect(issues.map((i) => [i.code, i.line])).toEqual([
      ['unrecognized-line', 1],
      ['unrecognized-line', 15],
      ['unrecognized-line', 16],
      ['fragment', 3],
      ['iis-express', 9],
    ]);
    // Its own pool name and an https binding of the 44300-44399 range on localhost.
    expect(value.iisExpress?.signal).toBe('Clr4IntegratedAppPool + https *:44302:localhost');
  });

  it('reads the real Azure docs fragment: tabs, elisions and a </sites> without its opening tag', () => {
    const { value, issues } = parse(
      'applicationhost.sample.it-azure-docs-tab-indented-elided-unbalanced.txt',
    );
    expect(value.sites).toHaveLength(1);
    expect(value.sites[0]!.bindings.map((b) => [b.protocol, b.port, b.host])).toEqual([
      ['http', 80, '[your-website].scm.azurewebsites.net'],
      ['https', 443, '[your-website].scm.azurewebsites.net'],
    ]);
    expect(issues).toMatchObject([{ code: 'fragment', line: 3 }]);
  });

  const hostingBindings = () =>
    fixtureText(import.meta.url, 'applicationhost.sample.en-hosting-server-sites-http-only.txt')
      .text.split('\n')
      .filter((l) => l.includes('<binding '))
      .join('\n');

  it('reads <binding> elements alone as one site whose name and id are unknown', () => {
    const { value, issues } = applicationHostParser.parse(inlineText(hostingBindings()));
    expect(value.sites).toHaveLength(1);
    expect(value.sites[0]).toMatchObject({ name: '', id: null, unknownFields: ['name', 'id'] });
    expect(value.sites[0]!.bindings.map((b) => b.host)).toContain('www.redisoncloud.com');
    expect(value.sites[0]!.bindings[0]!.evidence.lines).toEqual({ start: 1, end: 1 });
    expect(issues).toMatchObject([{ code: 'fragment', line: 1 }]);
    expect(applicationHostParser.sniff(hostingBindings())).toBeGreaterThanOrEqual(SNIFF.likely);
  });

  it('reads a wholly commented-out fragment and says IIS does not apply it', () => {
    const { value, issues } = applicationHostParser.parse(
      inlineText(`<!--\n${hostingBindings()}\n-->\n`),
    );
    expect(value.sites[0]!.bindings.length).toBeGreaterThan(3);
    expect(issues.map((i) => i.code)).toContain('fragment');
    expect(issues.find((i) => /commented-out/.test(i.message))).toBeDefined();
  });

  const real = [
    'applicationhost.sample.en-hosting-server-sites-http-only.txt',
    'applicationhost.sample.en-iisexpress-sites-empty-ip-https-44351.txt',
    'applicationhost.sample.en-iisexpress-readme-site-fragment-indented.txt',
    'applicationhost.sample.it-azure-docs-tab-indented-elided-unbalanced.txt',
  ];
  const records = (name: string, text?: string) =>
    applicationHostParser
      .parse(fixtureText(import.meta.url, name, 'iis.config', text))
      .value.sites.map((x) => [
        x.name,
        x.id,
        x.bindings.map((b) => [b.protocol, b.bindingInformation]),
      ]);
  const original = (name: string) => fixtureText(import.meta.url, name).text;
  const XML_MANGLINGS: [string, (t: string) => string][] = [
    ...MANGLINGS.map((m) => [m.name, m.apply] as [string, (t: string) => string]),
    ['code comment prefixes (// )', (t) => t.replace(/^/gm, '// ')],
    ['shell comment prefixes (# )', (t) => t.replace(/^(?=\s*<)/gm, '# ')],
  ];
  describe.each(XML_MANGLINGS)('tolerates %s', (_name, mangle) => {
    it.each(real)('%s yields the same records', (name) => {
      expect(records(name, mangle(original(name)))).toEqual(records(name));
    });
  });
});

describe('iis.config <access sslFlags> (client certificates)', () => {
  it('reads server-level and per-location sslFlags, names and numbers, and skips commented-out ones', () => {
    const { value, issues } = parse(
      'applicationhost.sample.synthetic-location-access-sslflags.txt',
    );
    expect(value.access).toMatchObject([
      { location: null, sslFlags: [], evidence: { lines: { start: 25, end: 25 } } },
      {
        location: 'Default Web Site',
        sslFlags: ['Ssl', 'SslNegotiateCert', 'SslRequireCert'],
        evidence: { lines: { start: 32, end: 32 } },
      },
      { location: 'Partner API/certs', sslFlags: ['Ssl', 'SslNegotiateCert', 'SslRequireCert'] },
    ]);
    expect(issues).toMatchObject([{ code: 'invalid-value', line: 46 }]);
  });

  it('decodes the flag names and numbers IIS writes, refusing unknown ones', () => {
    expect(parseAccessSslFlags('Ssl, SslNegotiateCert')).toEqual(['Ssl', 'SslNegotiateCert']);
    expect(parseAccessSslFlags('sslrequirecert')).toEqual(['SslRequireCert']);
    expect(parseAccessSslFlags('None')).toEqual([]);
    expect(parseAccessSslFlags('40')).toEqual(['Ssl', 'SslNegotiateCert']);
    expect(parseAccessSslFlags('3')).toBeNull();
    expect(parseAccessSslFlags('Ssl, Sometimes')).toBeNull();
  });

  it('has no access list when the file holds none', () => {
    const { value } = parse('applicationhost.sample.en-hosting-server-sites-http-only.txt');
    expect(value.access).toBeUndefined();
  });
});

describe('iis.config: broken XML read tag by tag (issue 17 paste drops)', () => {
  const real = fixtureText(
    import.meta.url,
    'applicationhost.sample.en-iisexpress-sites-empty-ip-https-44351.txt',
  ).text;
  const legacy = fixtureText(
    import.meta.url,
    'applicationhost.sample.synthetic-custommetadata-5506-kb2025598.txt',
  ).text;
  const cases: {
    name: string;
    text: string;
    sites: [string, string[]][];
    legacyLines?: number[];
  }[] = [
    {
      name: 'the same <sites> excerpt pasted twice',
      text: `${real}\n${real}`,
      sites: [
        ['WebSite1', [':8080:localhost']],
        ['WebAppWithAzureAD', ['*:31884:localhost', '*:44351:localhost']],
        ['WebSite1', [':8080:localhost']],
        ['WebAppWithAzureAD', ['*:31884:localhost', '*:44351:localhost']],
      ],
    },
    {
      name: 'an excerpt cut inside its first site, then the whole excerpt',
      text: `${real.split('\n').slice(0, 4).join('\n')}\n${real}`,
      sites: [
        ['WebSite1', []],
        ['WebSite1', [':8080:localhost']],
        ['WebAppWithAzureAD', ['*:31884:localhost', '*:44351:localhost']],
      ],
    },
    {
      name: 'a config cut mid-tag, then the same config whole',
      text: `${legacy.slice(0, legacy.indexOf('<limits maxBandwidth') + 30)}\n${legacy}`,
      sites: [
        ['Default Web Site', ['*:80:']],
        ['Contoso', ['*:80:', '*:443:']],
        ['redisoncloud.com', ['*:80:redisoncloud.com', '*:80:www.redisoncloud.com']],
        ['Default Web Site', ['*:80:']],
        ['Contoso', ['*:80:', '*:443:']],
        ['redisoncloud.com', ['*:80:redisoncloud.com', '*:80:www.redisoncloud.com']],
        ['ikinci.com', ['*:80:ikinci.com', '*:80:www.ikinci.com']],
      ],
      legacyLines: [
        14,
        14 + legacy.slice(0, legacy.indexOf('<limits maxBandwidth')).split('\n').length,
      ],
    },
  ];
  it.each(cases)('$name', ({ text, sites, legacyLines }) => {
    const { value, issues } = applicationHostParser.parse(inlineText(text));
    expect(issues.map((i) => i.code)).toContain('malformed-xml');
    expect(value.sites.map((s) => [s.name, s.bindings.map((b) => b.bindingInformation)])).toEqual(
      sites,
    );
    // Each site and binding points at its own tag.
    const lines = text.split('\n');
    for (const s of value.sites) {
      expect(lines[s.evidence.lines!.start - 1]).toContain(`<site name="${s.name}"`);
      for (const b of s.bindings)
        expect(lines[b.evidence.lines!.start - 1]).toContain(
          `bindingInformation="${b.bindingInformation}"`,
        );
    }
    if (legacyLines)
      expect(value.legacySslHashes?.map((h) => h.evidence.lines!.start)).toEqual(legacyLines);
  });

  it('reads <binding>s outside any <site> of a broken excerpt as a site whose name and id are unknown', () => {
    const { value, issues } = applicationHostParser.parse(
      inlineText(
        '<sites>\n<site name="a" id="1">\n</site>\n<binding protocol="https" bindingInformation="*:443:x" />\n<binding protocol="http" bindingInformation="*:80:x" />\n<site name="b" id="2">',
      ),
    );
    expect(value.sites.map((s) => [s.name, s.unknownFields, s.bindings.length])).toEqual([
      ['a', undefined, 0],
      ['', ['name', 'id'], 2],
      ['b', undefined, 0],
    ]);
    expect(issues).toContainEqual(expect.objectContaining({ code: 'fragment', line: 4 }));
  });
});

describe('iis.config: a tag cut short ends on its own line (paste rerun e2f8d882)', () => {
  // A binding cut mid-tag; what follows is what a paste puts there: the blanked lines of the
  // other outputs of a segment, then (here) a prompt whose `>` the unclosed tag would run to.
  const head =
    '<site name="MvcApplication18" id="39">\n  <binding protocol="https" bindingInformation="*:44302:local';
  it.each([
    ['blank lines, then a prompt', `${head}\n${'\n'.repeat(120)}C:\\>\n`],
    ['words, then a bare prompt', `${head}\nsome words\nC:\\>\n`],
  ])('%s', (_name, text) => {
    const { value } = applicationHostParser.parse(inlineText(text));
    expect(value.sites.map((s) => [s.name, s.evidence.lines])).toEqual([
      ['MvcApplication18', { start: 1, end: 2 }],
    ]);
    expect(value.sites[0]!.bindings.map((b) => b.evidence.lines)).toEqual([{ start: 2, end: 2 }]);
  });
});

describe('iis.config: is the <sites> section whole (judge9 T3)', () => {
  it.each([
    ['applicationhost.sample.en-hosting-server-sites-http-only.txt', true],
    ['applicationhost.sample.it-azure-docs-tab-indented-elided-unbalanced.txt', false],
    ['applicationhost.sample.en-iisexpress-readme-site-fragment-indented.txt', false],
  ])('%s: sitesComplete %s', (name, whole) => {
    expect(parse(name).value.sitesComplete === true).toBe(whole);
  });

  it('is not whole when a comment or an elision stands inside <sites>', () => {
    const base = (inner: string) =>
      `<sites>\n<site name="a" id="1"><bindings><binding protocol="http" bindingInformation="*:80:" /></bindings></site>\n${inner}\n</sites>\n`;
    expect(applicationHostParser.parse(inlineText(base(''))).value.sitesComplete).toBe(true);
    expect(
      applicationHostParser.parse(inlineText(base('<!-- other sites removed -->'))).value
        .sitesComplete,
    ).toBe(false);
    expect(applicationHostParser.parse(inlineText(base('    ...'))).value.sitesComplete).toBe(
      false,
    );
  });
});
