/**
 * Judge round 15 (S1, S3, S4): a code-signing certificate bound to HTTPS is the root cause, not
 * its signature-only key; a SHA-1-signed intermediate (on the wire or sent as a file); an expired
 * Issuing CA sent as a loose file. The judge's inputs are in src/fixtures/judge15 (README, ## t15b).
 */
import { describe, expect, it } from 'vitest';
import { analyze } from './analyze.js';
import { firedOn, judgeRound } from './test-support/judge.js';

const { fixture, verdict, fixOf, model } = judgeRound('15', '2026-12-07T00:00:00Z');
const files = (dir: string, ...names: string[]): string[] =>
  names.map((n) => `${fixture(dir)}/${n}`);

const LEAF = '585f875ae4e68dea519cb5a1e209f5c11399d7fc';

describe('judge15 S1: a code-signing certificate bound to HTTPS', () => {
  const dir = '38-real-certutil-codesigning-bound';
  const input = files(
    dir,
    'en-store-my-not-exportable-signature-and-encryption-test.txt',
    'netsh-sslcert-synthetic.txt',
  );

  it('38: the template finding is the root cause and explains the KeySpec finding', async () => {
    const a = await analyze(input, { asOf: '2026-12-07' });
    const thumb = 'My\\b5dda40e3b765bdedf01097556f48d3b8a68a194';
    expect(firedOn(a)).toEqual([
      `certificate-key-signature-only:high:${thumb}`,
      `certificate-template-not-server:high:${thumb}`,
    ]);
    expect(verdict(a).rootCause).toMatchObject({ ruleId: 'certificate-template-not-server' });
    const sig = a.evaluation.findings.find((f) => f.ruleId === 'certificate-key-signature-only')!;
    expect(sig.explainedBy).toMatchObject({ ruleId: 'certificate-template-not-server' });
  });

  it('38: the KeySpec fix does not re-import a certificate that cannot serve HTTPS (en and zh-CN)', async () => {
    const a = await analyze(input, { asOf: '2026-12-07' });
    const en = fixOf(a, 'certificate-key-signature-only');
    expect(en).toContain('Do NOT re-import it');
    expect(en).toContain('Web Server template');
    expect(en).not.toContain('-importPFX');
    expect(en).not.toContain('same thumbprint');
    const zh = fixOf(a, 'certificate-key-signature-only', 'zh-CN');
    expect(zh).toContain('请勿重新导入');
    expect(zh).not.toContain('-importPFX');
  });
});

describe('judge15 S3: a SHA-1-signed intermediate', () => {
  it('44: the capture shows the server sending a sha1WithRSA Issuing CA: high, naming it', async () => {
    const a = await analyze([fixture('44-cap-wire-sha1-int-synthetic')], { asOf: '2026-12-07' });
    expect(firedOn(a)).toEqual([`certificate-sha1-signature:high:capture\\${LEAF}`]);
    const f = model(a).findings.find((x) => x.ruleId === 'certificate-sha1-signature')!;
    expect(f.title).toBe(
      "An intermediate CA certificate of the server's chain is signed with SHA-1",
    );
    const fix = fixOf(a, 'certificate-sha1-signature');
    expect(fix).toContain('CN=Judge15 Issuing CA (CE8AEF45D1B6D9D05F4B702336886D3EBDA5B440');
    expect(fix).toContain('certutil -verifystore CA CE8AEF45D1B6D9D05F4B702336886D3EBDA5B440');
    // Nothing is deleted: the CA store was not collected.
    expect(fix).not.toMatch(/^[^R].*-delstore/m);
  });

  it('02: the intermediate sent as a loose file is SHA-1: medium, saying it was sent as a file', async () => {
    // As of the next day: the judge's intermediate was made on 2026-12-07 (not yet valid before).
    const a = await analyze([fixture('02-cert-sha1-intermediate-synthetic')], {
      asOf: '2026-12-08',
    });
    expect(firedOn(a)).toEqual([`certificate-sha1-signature:medium:unknown\\${LEAF}`]);
    const fix = fixOf(a, 'certificate-sha1-signature');
    expect(fix).toContain('It was sent as the file int-sha1.pem');
    expect(fix).toContain('certutil -store CA CE8AEF45D1B6D9D05F4B702336886D3EBDA5B440');
    expect(fix).not.toMatch(/^[^R].*-delstore/m);
  });
});

describe('judge15 S4: an expired Issuing CA sent as a loose file', () => {
  const dir = '03-cert-expired-intermediate-synthetic';

  it('03: certificate-chain-expired-ca judges the loose CA file, at medium, and says it was sent as a file', async () => {
    const a = await analyze([fixture(dir)], { asOf: '2026-12-07' });
    expect(firedOn(a)).toEqual([`certificate-chain-expired-ca:medium:unknown\\${LEAF}`]);
    const f = model(a).findings[0]!;
    expect(f.title).toMatch(/^A CA certificate sent as a file/);
    const fix = fixOf(a, 'certificate-chain-expired-ca');
    expect(fix).toContain(
      'as the file int-expired.pem (serial 30779aa4e3644d8fb0d1566792566e48ef168909)',
    );
    expect(fix).toContain('If this is the copy in LocalMachine\\CA, the chain is broken');
    expect(fix).toContain('certutil -store CA EF3B6A909C882BFA602074327CA033EEA8AA1C84');
    expect(fix).not.toMatch(/^[^R].*-delstore/m);
  });

  it('03 without the CA file: the chain stays not evaluated (the leaf and root alone prove nothing)', async () => {
    const a = await analyze(files(dir, 'leaf.pem', 'root.pem', 'sslcert.txt'), {
      asOf: '2026-12-07',
    });
    expect(firedOn(a)).toEqual([]);
    const ne = model(a).notEvaluated.find((n) => n.ruleId === 'certificate-chain-expired-ca');
    expect(ne?.unknownFor?.length).toBe(1);
  });

  it('03 with the valid SHA-256 Issuing CA as the file instead: nothing, and the chain stays not evaluated', async () => {
    const a = await analyze(
      [
        ...files(dir, 'leaf.pem', 'root.pem', 'sslcert.txt'),
        ...files('valid-intermediate-synthetic', 'int.pem'),
      ],
      { asOf: '2026-12-07' },
    );
    expect(firedOn(a)).toEqual([]);
    const m = model(a);
    for (const id of ['certificate-chain-expired-ca', 'certificate-sha1-signature'])
      expect(m.findings.find((f) => f.ruleId === id)).toBeUndefined();
    const ne = m.notEvaluated.find((n) => n.ruleId === 'certificate-chain-expired-ca');
    expect(ne?.unknownFor?.length).toBe(1);
  });
});
