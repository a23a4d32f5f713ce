// A failed `certutil -repairstore` (judge7 S4). Samples and their sources: certutil-store.samples.md.
import { describe, expect, it } from 'vitest';
import { fixtureText, inlineText } from '../test-support/fixtures.js';
import { parseCertutil } from './certutil-store.js';

const JUDGE = 'certutil-store.sample.synthetic-en-repairstore-failed-bad-keyset-judge7.txt';
const REAL_STORE = 'certutil-store.sample.en-store-my-missing-stored-keyset-ksp.txt';
const text = (name: string): string => fixtureText(import.meta.url, name).text;
const parse = (body: string) => parseCertutil(inlineText(body, 'cert.certutil', 'mail.txt'));

/** The judge's status and message lines, certutil's standard failure form. */
const failed = (code: string, message: string): string =>
  `CertUtil: -repairstore command FAILED: ${code}\r\nCertUtil: ${message}\r\n`;
/** The judge's file up to its status line. */
const printed = text(JUDGE).split(/(?=CertUtil: -repairstore)/)[0]!;

describe('cert.certutil: -repairstore failed', () => {
  it('reads NTE_BAD_KEYSET after the printed block as a missing keyset, with the failure lines as evidence', () => {
    const { value, issues } = parseCertutil(fixtureText(import.meta.url, JUDGE, 'cert.certutil'));
    expect(value).toMatchObject({ verb: 'repairstore', completed: false });
    expect(value.certificates).toHaveLength(1);
    expect(value.certificates[0]).toMatchObject({
      thumbprint: '779a97b1d8e492b5bafebc02338845ffdff76ad2',
      missingStoredKeyset: false,
      repairError: '0x80090016 (-2146893802 NTE_BAD_KEYSET): Keyset does not exist',
      keyState: 'missing-keyset',
      evidence: { lines: { start: 3, end: 16 } },
    });
    expect(value.certificates[0]!.evidence.excerpt).toContain('NTE_BAD_KEYSET');
    expect(issues.map((i) => [i.code, i.line])).toContainEqual(['command-failed', 15]);
    // The message line is read, not listed as a line not read.
    expect(issues.filter((i) => i.line === 16)).toEqual([]);
  });

  it('reads any other HRESULT as a key that cannot be used, keeping the code', () => {
    const { value } = parse(printed + failed('0x8009001a (-2146893798 NTE_BAD_KEYSET_PARAM)', 'x'));
    expect(value.certificates[0]).toMatchObject({
      repairError: '0x8009001a (-2146893798 NTE_BAD_KEYSET_PARAM): x',
      keyState: 'test-failed',
    });
  });

  it('decides nothing from access denied, cancelled or a wrong argument', () => {
    for (const code of [
      '0x80070005 (WIN32: 5 ERROR_ACCESS_DENIED)',
      '0x800704c7 (WIN32: 1223 ERROR_CANCELLED)',
      '0x80070057 (WIN32: 87 ERROR_INVALID_PARAMETER)',
    ]) {
      const { value } = parse(printed + failed(code, 'Access is denied.'));
      expect(value.certificates[0]).toMatchObject({ keyState: 'present-untested' });
      expect(value.certificates[0]!.repairError).toContain(code.slice(0, 10));
    }
  });

  it('reads the failure in another language by its HRESULT (synthetic zh-CN wording)', () => {
    const zh = printed.replace('my "Personal"', 'my "个人"');
    const { value } = parse(
      `${zh}CertUtil: -repairstore 命令失败: 0x80090016 (-2146893802 NTE_BAD_KEYSET)\r\nCertUtil: 密钥集不存在\r\n`,
    );
    expect(value.certificates[0]).toMatchObject({ keyState: 'missing-keyset' });
    expect(value.certificates[0]!.repairError).toMatch(/^0x80090016 .*: 密钥集不存在$/);
  });

  it('gives the failure only to the certificates the failed command printed', () => {
    // The real -store listing (three certificates, "Missing stored keyset"), then the judge's
    // -repairstore of one of them.
    const { value } = parse(text(REAL_STORE) + '\r\n' + text(JUDGE));
    expect(
      value.certificates.map((c) => [c.thumbprint?.slice(0, 6), c.repairError !== null]),
    ).toEqual([
      ['82ad1e', false],
      ['779a97', false],
      ['2f0290', false],
      ['779a97', true],
    ]);
  });

  it('leaves a successful -repairstore and a failed -store alone', () => {
    const ok = parse(
      printed +
        'Encryption test passed\r\nCertUtil: -repairstore command completed successfully.\r\n',
    );
    expect(ok.value.certificates[0]).toMatchObject({ repairError: null, keyState: 'usable' });
    const store = parse(
      printed.replace('-repairstore', '-store') +
        'CertUtil: -store command FAILED: 0x80090016 (-2146893802 NTE_BAD_KEYSET)\r\n',
    );
    expect(store.value.certificates[0]).toMatchObject({
      repairError: null,
      keyState: 'present-untested',
    });
  });

  it('reads the failure when a copy merged the status line into the last block line', () => {
    const merged = (
      printed.trimEnd() + failed('0x80090016 (-2146893802 NTE_BAD_KEYSET)', 'Keyset does not exist')
    ).replace(/\r\n(?=CertUtil: -repairstore)/, '');
    const { value } = parse(merged);
    expect(value.certificates[0]).toMatchObject({ keyState: 'missing-keyset' });
  });
});
