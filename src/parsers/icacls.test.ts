// Samples and their sources: icacls.samples.md.
import { describe, expect, it } from 'vitest';
import { fixtureText, inlineText } from '../test-support/fixtures.js';
import { MANGLINGS } from '../test-support/mangle.js';
import { SNIFF } from '../shared/parse.js';
import { icaclsParser, parseIcacls, wellKnownSid } from './icacls.js';

const read = (name: string) =>
  parseIcacls(fixtureText(import.meta.url, name, 'cert.machinekeys-acl'));

describe('cert.machinekeys-acl', () => {
  it('reads the real tampered MachineKeys ACL with its continuation column', () => {
    const { value, issues } = read('icacls.sample.en-machinekeys-tampered-everyone-rw.txt');
    expect(issues).toEqual([]);
    expect(value).toMatchObject({ succeeded: 1, failed: 0 });
    expect(value.paths).toHaveLength(1);
    expect(value.paths[0]).toMatchObject({
      path: 'C:\\ProgramData\\Microsoft\\Crypto\\RSA\\MachineKeys',
      kind: 'machinekeys',
      evidence: { lines: { start: 2, end: 3 } },
    });
    expect(value.paths[0]?.aces).toMatchObject([
      { account: 'Everyone', sid: 'S-1-1-0', rights: ['R', 'W'], deny: false, inherited: false },
      {
        account: 'BUILTIN\\Users',
        sid: 'S-1-5-32-545',
        rights: ['F'],
        evidence: { lines: { start: 3 } },
      },
    ]);
  });

  it('reads inherited, inherit-only and generic-rights ACEs', () => {
    const { value } = read('icacls.sample.en-inetpub-generic-rights.txt');
    const aces = value.paths[0]!.aces;
    expect(aces).toHaveLength(9);
    expect(aces[1]).toMatchObject({ inheritance: ['OI', 'CI', 'IO'], rights: ['GR', 'GE'] });
    expect(aces[2]).toMatchObject({ sid: 'S-1-5-18', inherited: true, rights: ['F'] });
    expect(aces[5]).toMatchObject({ account: 'SOCMAS\\KrampusIIS', rights: ['RX', 'W'] });
  });

  it('says a listing of a content folder is not the MachineKeys ACL (judge9 M5)', () => {
    // icacls C:\inetpub\wwwroot has the format, not the subject: one info note, at its path.
    const { value, issues } = read('icacls.sample.en-inetpub-generic-rights.txt');
    expect(value.paths.map((p) => [p.path, p.kind])).toEqual([['C:\\inetpub\\wwwroot', 'other']]);
    expect(issues).toMatchObject([{ code: 'not-key-path', line: 2, severity: 'info' }]);
    expect(issues[0]!.message).toContain('C:\\inetpub\\wwwroot');
    // A listing with a key path among others is the key ACL: no note.
    const mixed = parseIcacls(
      inlineText(
        [
          'C:\\inetpub\\wwwroot BUILTIN\\Users:(I)(OI)(CI)(RX)',
          '',
          'C:\\ProgramData\\Microsoft\\Crypto\\RSA\\MachineKeys Everyone:(R,W)',
          '                                                BUILTIN\\Administrators:(F)',
        ].join('\n'),
        'cert.machinekeys-acl',
      ),
    );
    expect(mixed.issues.filter((i) => i.code === 'not-key-path')).toEqual([]);
  });

  it('reads the German error line and summary of the real failed grant', () => {
    const { value, issues } = read('icacls.sample.de-de-grant-failed-localized-summary.txt');
    expect(value).toMatchObject({ succeeded: 0, failed: 1, paths: [] });
    expect(value.errors).toHaveLength(1);
    expect(issues).toMatchObject([
      { code: 'processing-failed', line: 1 },
      { code: 'processing-failed', line: 2 },
    ]);
  });

  it('reads the collector file: folders and a key file without SYSTEM', () => {
    const { value, issues } = read(
      'icacls.sample.synthetic-en-collector-folders-and-key-file-no-system.txt',
    );
    expect(issues).toEqual([]);
    expect(value.paths.map((p) => p.kind)).toEqual(['machinekeys', 'keys', 'keys-file']);
    expect(value.paths[2]?.aces.map((a) => a.sid)).toEqual([null, 'S-1-5-32-544']);
  });

  it('maps German account names, keeps DENY and joins a wrapped ACE', () => {
    const { value, issues } = read(
      'icacls.sample.synthetic-de-de-localized-accounts-deny-wrapped.txt',
    );
    expect(issues).toEqual([]);
    expect(value.paths[0]?.aces.map((a) => a.sid)).toEqual(['S-1-1-0', 'S-1-5-32-544']);
    expect(value.paths[1]?.aces).toMatchObject([
      { sid: 'S-1-5-18', deny: true, rights: ['R'] },
      { sid: 'S-1-5-32-544', inherited: true },
      {
        account: 'APPLICATION PACKAGE AUTHORITY\\ALL RESTRICTED APPLICATION PACKAGES',
        rights: ['RX'],
      },
    ]);
    expect(value).toMatchObject({ succeeded: 2, failed: 0 });
  });

  it('splits a path with spaces without a continuation column and reports access denied', () => {
    const { value, issues } = read(
      'icacls.sample.synthetic-en-collapsed-padding-access-denied.txt',
    );
    expect(value.paths[0]).toMatchObject({
      path: 'C:\\Program Files\\Contoso Keys\\k1',
      kind: 'other',
    });
    expect(value.paths[0]?.aces[0]).toMatchObject({ account: 'NT AUTHORITY\\SYSTEM' });
    expect(value.errors).toHaveLength(1);
    expect(issues).toMatchObject([
      { code: 'processing-failed', line: 2 },
      { code: 'processing-failed', line: 3 },
      { code: 'not-key-path', line: 1 },
    ]);
  });

  it('resolves SIDs and reports unknown lines', () => {
    expect(wellKnownSid('*S-1-5-18')).toBe('S-1-5-18');
    expect(wellKnownSid('AUTORITE NT\\Système')).toBe('S-1-5-18');
    expect(wellKnownSid('CONTOSO\\alice')).toBeNull();
    const { issues } = parseIcacls(inlineText('garbage here'));
    expect(issues).toMatchObject([{ code: 'unrecognized-line', line: 1 }]);
    expect(parseIcacls(inlineText('')).issues).toMatchObject([{ code: 'empty-input' }]);
  });

  it('sniffs icacls output', () => {
    expect(icaclsParser.sniff('C:\\x BUILTIN\\Users:(F)\n')).toBeGreaterThanOrEqual(SNIFF.fragment);
    expect(icaclsParser.sniff('SSL Certificate bindings:')).toBe(0);
  });

  it('reads the real pasted listing: relative path, stripped indentation, processed file, integrity label', () => {
    const { value, issues } = read('icacls.sample.en-hacktricks-relative-path-integrity-label.txt');
    expect(issues).toMatchObject([{ code: 'not-key-path', line: 6 }]);
    expect(value).toMatchObject({ succeeded: 1, failed: 0, errors: [] });
    expect(value.paths).toHaveLength(1);
    expect(value.paths[0]).toMatchObject({ path: 'asd.txt', kind: 'other' });
    expect(value.paths[0]!.aces.map((a) => [a.account, a.rights, a.inherited])).toEqual([
      ['BUILTIN\\Administrators', ['F'], true],
      ['DESKTOP-IDJHTKP\\user', ['F'], true],
      ['NT AUTHORITY\\SYSTEM', ['F'], true],
      ['NT AUTHORITY\\INTERACTIVE', ['M', 'DC'], true],
      ['NT AUTHORITY\\SERVICE', ['M', 'DC'], true],
      ['NT AUTHORITY\\BATCH', ['M', 'DC'], true],
      ['Mandatory Label\\High Mandatory Level', ['NW'], false],
    ]);
    expect(value.paths[0]!.aces[6]).toMatchObject({ integrity: 'High', sid: null });
  });

  it('reads specific rights and a second relative listing after the first', () => {
    const { value, issues } = parseIcacls(
      inlineText(
        'asd.txt BUILTIN\\Users:(WD,AD,WEA,WA)\nCONTOSO\\web:(OI)(CI)(RX)\nkeys\\k1.key NT AUTHORITY\\SYSTEM:(F)\n',
      ),
    );
    expect(issues).toMatchObject([{ code: 'not-key-path', line: 1 }]);
    expect(value.paths.map((p) => [p.path, p.aces.map((a) => a.rights.join(','))])).toEqual([
      ['asd.txt', ['WD,AD,WEA,WA', 'RX']],
      ['keys\\k1.key', ['F']],
    ]);
  });

  const real = [
    'icacls.sample.en-machinekeys-tampered-everyone-rw.txt',
    'icacls.sample.en-inetpub-generic-rights.txt',
    'icacls.sample.de-de-grant-failed-localized-summary.txt',
    'icacls.sample.en-hacktricks-relative-path-integrity-label.txt',
  ];
  const records = (text: string, name: string) => {
    const v = parseIcacls(fixtureText(import.meta.url, name, 'cert.machinekeys-acl', text)).value;
    return {
      paths: v.paths.map((p) => [p.path, p.aces.map((a) => [a.account, a.rights, a.inherited])]),
      summary: [v.succeeded, v.failed, v.errors.length],
    };
  };
  const original = (name: string) =>
    fixtureText(import.meta.url, name, 'cert.machinekeys-acl').text;
  const ICACLS_MANGLINGS: [string, (t: string) => string][] = [
    ...MANGLINGS.filter((m) => m.name !== 'blank-lines-doubled').map(
      (m) => [m.name, m.apply] as [string, (t: string) => string],
    ),
    ['continuation indentation stripped', (t) => t.replace(/^[ \t]+(?=\S)/gm, '')],
    ['markdown bullets', (t) => t.replace(/^(?=\S)/gm, '- ')],
    ['backslashes doubled (JSON / chat escaping)', (t) => t.replace(/\\/g, '\\\\')],
  ];
  describe.each(ICACLS_MANGLINGS)('tolerates %s', (_name, mangle) => {
    it.each(real)('%s yields the same records', (name) => {
      expect(records(mangle(original(name)), name)).toEqual(records(original(name), name));
    });
  });
});
