// Samples and their sources: icacls.samples.md.
import { describe, expect, it } from 'vitest';
import { fixtureText, inlineText } from '../test-support/fixtures.js';
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
    expect(icaclsParser.sniff('C:\\x BUILTIN\\Users:(F)\n')).toBe(true);
    expect(icaclsParser.sniff('SSL Certificate bindings:')).toBe(false);
  });
});
