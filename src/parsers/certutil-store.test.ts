// Samples and their sources: certutil-store.samples.md.
import { describe, expect, it } from 'vitest';
import { fixtureText, inlineText } from '../test-support/fixtures.js';
import { SNIFF } from '../shared/parse.js';
import { MANGLINGS } from '../test-support/mangle.js';
import { certutilLocalDate, certutilParser, parseCertutil } from './certutil-store.js';

/** Issues other than the info "line not read" ones (checked in their own test). */
const read_ = <T extends { code: string }>(issues: T[]) =>
  issues.filter((i) => i.code !== 'unrecognized-line');

const read = (name: string) => parseCertutil(fixtureText(import.meta.url, name, 'cert.certutil'));

describe('cert.certutil', () => {
  it('reads three certificates with Missing stored keyset from the real KSP listing', () => {
    const { value, issues } = read(
      'certutil-store.sample.en-store-my-missing-stored-keyset-ksp.txt',
    );
    // Every date is `11/3/… h:mm PM`: no day above 12, no culture in a loose file — not guessed.
    expect(read_(issues).map((i) => [i.code, i.line])).toEqual(
      [7, 8, 21, 22, 35, 36].map((n) => ['ambiguous-date', n]),
    );
    expect(value).toMatchObject({
      store: 'My',
      storeDisplayName: 'Personal',
      verb: 'store',
      completed: true,
    });
    expect(value.certificates).toHaveLength(3);
    expect(value.certificates[1]).toMatchObject({
      index: 1,
      thumbprint: '779a97b1d8e492b5bafebc02338845ffdff76ad2',
      subject: 'CN=DC01.certificate.htb',
      issuer: 'CN=Certificate-LTD-CA, DC=certificate, DC=htb',
      serialNumber: '5800000002ca70ea4e42f218a6000000000002',
      notAfterText: '11/3/2025 8:14 PM',
      notAfterLocal: null,
      notAfterReadings: ['2025-11-03T20:14', '2025-03-11T20:14'],
      unknownFields: ['notBefore', 'notAfter'],
      keyContainer: '46f11b4056ad38609b08d1dea6880023_7989b711-2e3f-4107-9aae-fb8df2e3b958',
      provider: 'Microsoft RSA SChannel Cryptographic Provider',
      template: 'DomainController, Domain Controller',
      isRoot: false,
      missingStoredKeyset: true,
      keyState: 'missing-keyset',
      evidence: { artifactId: 'cert.certutil', lines: { start: 18, end: 30 } },
    });
    expect(value.certificates[0]).toMatchObject({ archived: true, isRoot: true });
  });

  it('reads the key tests and the not-exportable flag', () => {
    const { value } = read('certutil-store.sample.en-store-my-not-exportable-key-tests.txt');
    expect(value.certificates.map((c) => [c.thumbprint, c.keyState, c.exportable])).toEqual([
      ['b5dda40e3b765bdedf01097556f48d3b8a68a194', 'usable', false],
      ['43a58496d237b3e0e1e463172f4d64e87b59dad7', 'usable', null],
    ]);
    expect(value.certificates[0]).toMatchObject({
      signatureTest: 'passed',
      simpleContainerName: 'te-CVI-CodeSigning-bdc5fa1b-4745-419e-a339-a54e7ac0dfb7',
    });
    expect(value.certificates[1]).toMatchObject({ encryptionTest: 'passed' });
  });

  it('reads -repairstore output with day-first dates and a skipped encryption test', () => {
    const { value } = read('certutil-store.sample.en-repairstore-hsm-signature-test-dmy-dates.txt');
    expect(value).toMatchObject({ verb: 'repairstore', store: 'my', completed: true });
    expect(value.certificates[0]).toMatchObject({
      index: 43,
      thumbprint: '19f647a3f4e60eabc126d73ef1ef6e9f84224997',
      notBeforeLocal: '2021-08-10T14:14',
      encryptionTest: 'skipped',
      signatureTest: 'passed',
      keyState: 'usable',
      provider: 'Securosys Primus HSM Key Storage Provider',
    });
  });

  it('reads the zh-CN labels of the real -scinfo fragment', () => {
    const { value } = read('certutil-store.sample.zh-cn-scinfo-fragment.txt');
    expect(value.verb).toBe('scinfo');
    expect(value.certificates[0]).toMatchObject({
      thumbprint: 'f72d8174e4378ca11b31141290954483f437d6b7',
      subject: 'CN=xiaomaoniang, E=mao@cmaoxz.com',
      serialNumber: '23b19bbaba5edb89486ee1ced4d72f42',
      notBeforeLocal: '2026-07-18T00:13',
      keyContainer: '26027fd0-926d-424b-92fc-6c4f595fc105',
      provider: 'Microsoft Base Smart Card Crypto Provider',
      isRoot: true,
    });
  });

  it('reads -v output: multi-line names, spaced hash, EKU, SAN, key length', () => {
    const { value, issues } = read('certutil-store.sample.synthetic-en-v-store-my.txt');
    expect(read_(issues).map((i) => i.code)).toEqual(['ambiguous-date', 'ambiguous-date']);
    expect(value.certificates).toHaveLength(1);
    expect(value.certificates[0]).toMatchObject({
      thumbprint: 'a3a24ddc3db9c858165eb1aa0210d1732f4388c3',
      subject: 'CN=www.contoso.com, O=Contoso Ltd, C=US',
      issuer: 'CN=tls-doctor Sample Issuing CA 1, O=tls-doctor samples, C=US',
      serialNumber: '3001',
      signatureAlgorithm: 'sha256RSA',
      publicKeyLength: 2048,
      eku: ['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2'],
      sanDns: ['www.contoso.com', 'contoso.com'],
      keyContainer: 'te-WebServer-7c1f3d2e-5b7a-4f0e-9a55-3e2b1c0d9f11',
      uniqueContainerName: '8b1e2c4d6f8a0b2c4d6e8f0a1b2c3d4e_7989b711-2e3f-4107-9aae-fb8df2e3b958',
      provider: 'Microsoft Software Key Storage Provider',
      exportable: false,
      keyState: 'usable',
    });
  });

  it('reads real -v output: bare store header, spaced hashes, KSP key dump, signature test', () => {
    const { value, issues } = read(
      'certutil-store.sample.en-v-store-my-ncipher-ksp-selfsigned.txt',
    );
    expect(read_(issues)).toEqual([]);
    expect(value).toMatchObject({ store: 'my', completed: true });
    expect(value.certificates).toHaveLength(1);
    expect(value.certificates[0]).toMatchObject({
      index: 16,
      thumbprint: '37ed7c3eee76a2d0423ae31a169f74d03c7f342c',
      subject: 'CN=test self-signed',
      issuer: 'CN=test self-signed',
      serialNumber: '7569d364a2e77b814274c81ae6360ffe',
      notAfterLocal: '2015-01-21T19:35',
      signatureAlgorithm: 'sha256RSA',
      publicKeyLength: 2048,
      eku: null,
      isRoot: true,
      keyContainer: 'PKContainer',
      provider: 'nCipher Security World Key Storage Provider',
      keySpec: '0',
      exportable: false,
      signatureTest: 'passed',
      keyState: 'usable',
    });
  });

  it('reads zh-CN and de-DE key states, quoting and spaced hashes', () => {
    const zh = read('certutil-store.sample.synthetic-zh-cn-store-missing-keyset.txt').value;
    expect(zh).toMatchObject({ store: 'my', storeDisplayName: '个人', completed: true });
    expect(zh.certificates.map((c) => c.keyState)).toEqual(['missing-keyset', 'no-key']);
    expect(zh.certificates[0]?.notAfterLocal).toBe('2028-06-01T08:00');
    const de = read('certutil-store.sample.synthetic-de-de-store-spaced-hash.txt').value;
    expect(de.completed).toBe(true);
    expect(de.certificates[0]).toMatchObject({
      thumbprint: 'a3a24ddc3db9c858165eb1aa0210d1732f4388c3',
      subject: 'CN=www.contoso.com, O=Contoso Ltd, C=US',
      keyState: 'usable',
      notBeforeLocal: '2025-06-01T02:00',
    });
  });

  it('reads the chain verdict of -verifystore', () => {
    const { value } = read('certutil-store.sample.synthetic-en-verifystore-untrusted-root.txt');
    expect(value).toMatchObject({ verb: 'verifystore', store: 'my', completed: true });
    expect(value.certificates[0]).toMatchObject({
      thumbprint: 'ff6d145531351725abdb1c3d528566a8d0a33b53',
      keyState: 'usable',
      verifyResult: 'error',
      verifyError: expect.stringContaining('CERT_E_UNTRUSTEDROOT'),
      verifiedAppPolicies: ['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2'],
    });
  });

  it('reads the validated purposes of -verifystore, with or without their indent', () => {
    // The layout of the synthetic -verifystore sample (judge6 p106: Client Authentication only).
    const block = (indent: string) =>
      [
        '================ Certificate 0 ================',
        'Cert Hash(sha1): a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
        'Verified Issuance Policies: None',
        'Verified Application Policies:',
        `${indent}1.3.6.1.5.5.7.3.2 Client Authentication`,
        'The certificate is not valid for the requested usage. 0x800b0110 (-2146762480 CERT_E_WRONG_USAGE)',
        '------------------------------------',
      ].join('\n');
    for (const indent of ['    ', ''])
      expect(parseCertutil(inlineText(block(indent))).value.certificates[0]).toMatchObject({
        verifiedAppPolicies: ['1.3.6.1.5.5.7.3.2'],
        verifyError: expect.stringContaining('CERT_E_WRONG_USAGE'),
      });
  });

  it('reports a failed command and a failed key test', () => {
    const { value, issues } = parseCertutil(
      inlineText(
        [
          '================ Certificate 0 ================',
          'Cert Hash(sha1): 0123456789abcdef0123456789abcdef01234567',
          '  Key Container = abc',
          '  Provider = Microsoft RSA SChannel Cryptographic Provider',
          'Encryption test FAILED',
          'CertUtil: -repairstore command FAILED: 0x80090016 (-2146893802 NTE_BAD_KEYSET)',
          'CertUtil: Keyset does not exist',
        ].join('\n'),
      ),
    );
    expect(value.certificates[0]).toMatchObject({
      keyState: 'test-failed',
      encryptionTest: 'failed',
    });
    expect(value).toMatchObject({ completed: false, verb: 'repairstore' });
    expect(read_(issues)).toMatchObject([{ code: 'command-failed', line: 6 }]);
  });

  it('keeps an untested key as present-untested and an unknown locale as unknown', () => {
    const { value } = parseCertutil(
      inlineText(
        [
          '================ Certificate 0 ================',
          'Cert Hash(sha1): 0123456789abcdef0123456789abcdef01234567',
          '  Key Container = abc',
          '================ Certificate 1 ================',
          'Cert Hash(sha1): 1123456789abcdef0123456789abcdef01234567',
          'Test de quelque chose en japonais',
        ].join('\n'),
      ),
    );
    expect(value.certificates.map((c) => c.keyState)).toEqual(['present-untested', 'unknown']);
  });

  it('parses host-local date formats and refuses ambiguous ones', () => {
    // AM/PM decides nothing: en-AU, en-NZ and en-IN print d/MM/yyyy h:mm tt.
    expect(certutilLocalDate('11/3/2024 3:30 PM')).toEqual({
      local: null,
      ambiguous: true,
      readings: ['2024-11-03T15:30', '2024-03-11T15:30'],
    });
    expect(certutilLocalDate('12/3/2024 12:05 AM', 'en-US').local).toBe('2024-12-03T00:05');
    expect(certutilLocalDate('12/13/2024 12:05 AM').local).toBe('2024-12-13T00:05');
    expect(certutilLocalDate('25/03/2024 15:30').local).toBe('2024-03-25T15:30');
    expect(certutilLocalDate('03/04/2024 15:30')).toMatchObject({ local: null, ambiguous: true });
  });

  it('reports empty input and text without certificates', () => {
    expect(parseCertutil(inlineText('')).issues).toMatchObject([{ code: 'empty-input' }]);
    expect(read_(parseCertutil(inlineText('hello\nworld')).issues)).toMatchObject([
      { code: 'no-certificates' },
    ]);
    expect(
      certutilParser.sniff('My "Personal"\n================ Certificate 0 ================\n'),
    ).toBeGreaterThanOrEqual(SNIFF.sure);
    expect(certutilParser.sniff('SSL Certificate bindings:')).toBe(0);
  });

  it('reads French labels with non-breaking spaces; its NotBefore 25/01 decides NotAfter 01/02 (synthetic)', () => {
    const { value, issues } = read('certutil-store.sample.synthetic-fr-fr-store-nbsp-labels.txt');
    expect(value.certificates).toHaveLength(1);
    expect(value.certificates[0]).toMatchObject({
      serialNumber: '1a2b3c4d5e',
      issuer: 'CN=Test Root CA',
      subject: 'CN=www.example.com',
      thumbprint: 'aabbccddeeff00112233445566778899aabbccdd',
      keyContainer: 'tokentimer-job-1-abcd1234',
      provider: 'Microsoft Software Key Storage Provider',
      isRoot: false,
      encryptionTest: 'passed',
      keyState: 'usable',
      notBeforeLocal: '2026-01-25T01:00',
      notAfterLocal: '2027-02-01T01:00',
    });
    expect(value.certificates[0]!.unknownFields ?? []).toEqual([]);
    expect(value.completed).toBe(true);
    expect(issues).toMatchObject([{ code: 'date-order-from-file', line: 6 }]);
  });

  it('reads the Japanese banner and labels (synthetic)', () => {
    const { value } = read('certutil-store.sample.synthetic-ja-jp-store-fixture-labels.txt');
    expect(value.certificates[0]).toMatchObject({
      index: 0,
      issuer: 'CN=LPM Local Development CA',
      thumbprint: 'a1b2c3d4e5f67890123456789 0abcdef12345678'.replace(' ', ''),
      notAfterLocal: '2027-01-01T09:00',
    });
  });

  it('reads a certificate without a banner (certutil -dump, a pasted block)', () => {
    const { value } = parseCertutil(
      inlineText(
        'X509 Certificate:\nVersion: 3\nSerial Number: 0a1b\nIssuer: CN=Contoso CA\n NotAfter: 11/13/2024 3:30 PM\nSubject: CN=www.contoso.com\nCert Hash(sha1): 00112233445566778899aabbccddeeff00112233\n',
      ),
    );
    expect(value.certificates).toMatchObject([
      {
        index: null,
        serialNumber: '0a1b',
        subject: 'CN=www.contoso.com',
        notAfterLocal: '2024-11-13T15:30',
      },
    ]);
    expect(
      certutilParser.sniff('Serial Number: 0a1b\nIssuer: CN=x\nCert Hash(sha1): 00\n'),
    ).toBeGreaterThanOrEqual(SNIFF.likely);
  });

  it.each([
    ['11/13/2024 3:30 PM', '2024-11-13T15:30'],
    ['11/13/2024 3:30\u202fPM', '2024-11-13T15:30'],
    ['3/3/2024 3:30 PM', '2024-03-03T15:30'],
    ['2024/11/3 15:30', '2024-11-03T15:30'],
    ['2024/11/3 下午 03:30', '2024-11-03T15:30'],
    ['2024/11/3 上午 12:05', '2024-11-03T00:05'],
    ['2024-11-03 오후 3:30', '2024-11-03T15:30'],
    ['03.11.2024 15:30', '2024-11-03T15:30'],
    ['25/03/2024 15:30', '2024-03-25T15:30'],
    ['25/3/2024 3:30 p. m.', '2024-03-25T15:30'],
  ])('reads the unambiguous date %s', (text, local) => {
    expect(certutilLocalDate(text)).toEqual({ local, ambiguous: false });
  });

  it.each(['03/04/2024 15:30', '3/4/2024 3:30 p. m.'])(
    'reports %s as ambiguous, never guesses',
    (t) => {
      expect(certutilLocalDate(t)).toMatchObject({ local: null, ambiguous: true });
    },
  );

  it.each([
    ['3/11/2024 15:30', 'fr-FR', '2024-11-03T15:30'],
    ['3/11/2024 15:30', 'en-US', '2024-03-11T15:30'],
    ['03/04/2024 15:30', 'es-ES', '2024-04-03T15:30'],
    ['3/11/2024 3:30 PM', 'en-AU', '2024-11-03T15:30'],
    ['3/4/2024 3:30 p. m.', 'es-MX', '2024-04-03T15:30'],
    // Unambiguous forms read the same whatever the culture says.
    ['25/03/2024 15:30', 'en-US', '2024-03-25T15:30'],
    ['2024/11/3 15:30', 'fr-FR', '2024-11-03T15:30'],
  ])('reads %s in the order of the host culture %s', (text, culture, local) => {
    expect(certutilLocalDate(text, culture)).toEqual({ local, ambiguous: false });
  });

  it.each([undefined, 'ja-JP', 'xx-YY', 'not a culture'])(
    'keeps 3/11/2024 15:30 ambiguous when the culture (%s) does not decide it',
    (culture) => {
      expect(certutilLocalDate('3/11/2024 15:30', culture)).toEqual({
        local: null,
        ambiguous: true,
        readings: ['2024-03-11T15:30', '2024-11-03T15:30'],
      });
    },
  );

  it("reads an ambiguous date in the host's order when the bundle names the culture (synthetic)", () => {
    const input = {
      ...fixtureText(
        import.meta.url,
        'certutil-store.sample.synthetic-fr-fr-store-nbsp-labels.txt',
        'cert.certutil',
      ),
      hostCulture: 'fr-FR',
    };
    const { value, issues } = parseCertutil(input);
    expect(value.certificates[0]).toMatchObject({
      notBeforeLocal: '2026-01-25T01:00',
      notAfterLocal: '2027-02-01T01:00',
    });
    expect(value.certificates[0]!.unknownFields ?? []).toEqual([]);
    expect(issues.filter((i) => i.code === 'ambiguous-date')).toEqual([]);
  });

  const twoCerts = (a: string, b: string) =>
    [
      '================ Certificate 0 ================',
      ` NotBefore: ${a}`,
      'Cert Hash(sha1): 0123456789abcdef0123456789abcdef01234567',
      '================ Certificate 1 ================',
      ` NotAfter: ${b}`,
      'Cert Hash(sha1): 1123456789abcdef0123456789abcdef01234567',
    ].join('\n');

  it('takes the day/month order of the file from another date whose day is above 12 (real)', () => {
    // 6/15/2026 8:29 PM can only be month first, so 6/10/2026 2:33 AM is 10 June.
    const { value, issues } = read(
      'certutil-store.sample.en-store-my-not-exportable-key-tests.txt',
    );
    expect(value.certificates[1]).toMatchObject({
      notBeforeText: '6/10/2026 2:33 AM',
      notBeforeLocal: '2026-06-10T02:33',
      notAfterLocal: '2027-04-25T19:36',
    });
    expect(issues.filter((i) => i.code.includes('date'))).toMatchObject([
      { code: 'date-order-from-file', line: 20, severity: 'info' },
    ]);
  });

  it.each([
    ['5/6/2024 15:30', '13/6/2024 15:30', '2024-06-05T15:30'],
    ['5/6/2024 15:30', '6/13/2024 15:30', '2024-05-06T15:30'],
    ['5-6-2024 15:30', '6-13-2024 15:30', '2024-05-06T15:30'],
  ])('reads %s in the order %s decides for the file', (ambiguous, decider, local) => {
    const { value, issues } = parseCertutil(inlineText(twoCerts(ambiguous, decider)));
    expect(value.certificates[0]!.notBeforeLocal).toBe(local);
    expect(issues.map((i) => i.code)).toEqual(['date-order-from-file']);
  });

  it.each([
    // Another shape (24-hour vs AM/PM, dash vs slash) is another format: it decides nothing.
    ['5/6/2024 3:30 PM', '13/6/2024 15:30'],
    ['5/6/2024 15:30', '13-6-2024 15:30'],
  ])('keeps %s ambiguous when only %s, of another shape, has a day above 12', (a, b) => {
    const { value, issues } = parseCertutil(inlineText(twoCerts(a, b)));
    expect(value.certificates[0]).toMatchObject({
      notBeforeLocal: null,
      unknownFields: ['notBefore'],
    });
    expect(issues).toMatchObject([{ code: 'ambiguous-date', line: 2 }]);
  });

  it('decides nothing when the dates of a file contradict each other', () => {
    const text = twoCerts('5/6/2024 15:30', '13/6/2024 15:30') + '\n NotAfter: 6/14/2024 15:30\n';
    const { value, issues } = parseCertutil(inlineText(text));
    expect(value.certificates[0]!.notBeforeLocal).toBeNull();
    expect(issues.map((i) => i.code)).toEqual(['ambiguous-date']);
  });

  it.each([
    [{ hostShortDatePattern: 'dd/MM/yyyy' }, '2024-06-05T15:30'],
    [{ hostShortDatePattern: 'M/d/yyyy' }, '2024-05-06T15:30'],
    [{ hostShortDatePattern: "d'/'M'/'yyyy" }, '2024-06-05T15:30'],
    [{ hostCulture: 'en-GB' }, '2024-06-05T15:30'],
    // The pattern (with the user's overrides) beats the culture's default.
    [{ hostCulture: 'en-US', hostShortDatePattern: 'dd/MM/yyyy' }, '2024-06-05T15:30'],
  ])('reads an ambiguous date in the order the bundle states (%o)', (host, local) => {
    const { value, issues } = parseCertutil({
      ...inlineText(twoCerts('5/6/2024 15:30', '2024/6/30 15:30')),
      ...host,
    });
    expect(value.certificates[0]!.notBeforeLocal).toBe(local);
    expect(issues).toEqual([]);
  });

  it('lets the file overrule nothing: a file that disagrees with the stated pattern decides nothing', () => {
    const { value, issues } = parseCertutil({
      ...inlineText(twoCerts('5/6/2024 15:30', '13/6/2024 15:30')),
      hostShortDatePattern: 'M/d/yyyy',
    });
    expect(value.certificates[0]!.notBeforeLocal).toBeNull();
    expect(issues.map((i) => i.code)).toEqual(['ambiguous-date']);
  });

  it.each([
    ['3 Nov 2024 15:30', '2024-11-03T15:30'],
    ['03-Nov-24 3:30 PM', '2024-11-03T15:30'],
    ['3. Nov. 2024 15:30', '2024-11-03T15:30'],
    ['3 nov. 2024 15:30', '2024-11-03T15:30'],
    ['3-mars-2024 15:30', '2024-03-03T15:30'],
    ['5 dic 2024 15:30', '2024-12-05T15:30'],
    ['Nov 3, 2024 3:30 PM', '2024-11-03T15:30'],
    // The mark in any case (the month-name patterns match it without the `i` flag).
    ['Nov 3, 2024 3:30 p.m.', '2024-11-03T15:30'],
    ['3 NOV 2024 3:30 Pm', '2024-11-03T15:30'],
    ['3 Nov 2024 12:05 a.M.', '2024-11-03T00:05'],
    ['3 Nov 2024 3:30 NACHM.', '2024-11-03T15:30'],
    ['2024-11-03T15:30:00', '2024-11-03T15:30'],
  ])('reads the month name or ISO form %s', (text, local) => {
    expect(certutilLocalDate(text)).toEqual({ local, ambiguous: false });
  });

  it('reports a date it cannot read as an issue on that field', () => {
    const { value, issues } = parseCertutil(
      inlineText('================ Certificate 0 ================\n NotAfter: tomorrow-ish\n'),
    );
    expect(value.certificates[0]).toMatchObject({
      notAfterText: 'tomorrow-ish',
      notAfterLocal: null,
      unknownFields: ['notAfter'],
    });
    expect(issues).toMatchObject([{ code: 'invalid-value', line: 2 }]);
  });

  const real = [
    'certutil-store.sample.en-store-my-missing-stored-keyset-ksp.txt',
    'certutil-store.sample.en-repairstore-hsm-signature-test-dmy-dates.txt',
    'certutil-store.sample.en-store-my-not-exportable-key-tests.txt',
    'certutil-store.sample.zh-cn-scinfo-fragment.txt',
    'certutil-store.sample.en-v-store-my-ncipher-ksp-selfsigned.txt',
    'certutil-store.sample.en-v-store-root-enhkey-usage-property.txt',
    'certutil-store.sample.en-v-store-my-capi-at-signature-rst-indented.txt',
    'certutil-store.sample.zh-tw-dump-pfx-nested-oemc1.txt',
    'certutil-store.sample.zh-tw-addstore-root-already-in-store.txt',
    'certutil-store.sample.en-dump-ecc-p256-akv-hsm-engine-readme.txt',
  ];
  const records = (name: string, text?: string) =>
    parseCertutil(fixtureText(import.meta.url, name, 'cert.certutil', text)).value.certificates.map(
      (c) => [
        c.index,
        c.serialNumber,
        c.thumbprint,
        c.subject,
        c.notAfterLocal,
        c.keyState,
        c.publicKeyCurveOid,
      ],
    );
  const original = (name: string) => fixtureText(import.meta.url, name).text;
  const CERTUTIL_MANGLINGS: [string, (t: string) => string][] = [
    ...MANGLINGS.map((m) => [m.name, m.apply] as [string, (t: string) => string]),
    ['label separators reflowed to tabs', (t) => t.replace(/^(\s*[^:\n=]{2,40}?):[ ]/gm, '$1:\t')],
    ['lines merged before the status line', (t) => t.replace(/\r?\n(?=CertUtil:)/g, '')],
  ];
  describe.each(CERTUTIL_MANGLINGS)('tolerates %s', (_name, mangle) => {
    it.each(real)('%s yields the same certificates', (name) => {
      expect(records(name, mangle(original(name)))).toEqual(records(name));
    });
  });

  it('reports every line it does not read, a -v dump as one summary', () => {
    const { issues } = read('certutil-store.sample.en-store-my-missing-stored-keyset-ksp.txt');
    // Lines 10 and 39 (`CA Version: V0.0`) are read: they mark a CA certificate (judge9 S5).
    expect(issues.filter((i) => i.code !== 'ambiguous-date').map((i) => [i.code, i.line])).toEqual([
      ['unrecognized-line', 11],
      ['unrecognized-line', 24],
      ['unrecognized-line', 38],
      ['unrecognized-line', 40],
    ]);
    const v = read('certutil-store.sample.en-v-store-my-ncipher-ksp-selfsigned.txt').issues;
    expect(v.filter((i) => i.code === 'unrecognized-line')).toHaveLength(1);
  });
  it('reads the CERT_ENHKEY_USAGE_PROP_ID purposes apart from the EKU extension (real -v)', () => {
    const { value, issues } = read(
      'certutil-store.sample.en-v-store-root-enhkey-usage-property.txt',
    );
    // NotAfter 1/28/2028 makes the file month first, so NotBefore 9/1/1998 is 1 September.
    expect(read_(issues)).toMatchObject([{ code: 'date-order-from-file', line: 15 }]);
    expect(value.certificates).toMatchObject([
      {
        index: 5,
        thumbprint: 'b1bc968bd4f49d622aa89a81f2150152a41d829c',
        eku: null,
        extensionsListed: true,
        propertiesListed: true,
        ekuProperty: [
          '1.3.6.1.5.5.7.3.1',
          '1.3.6.1.5.5.7.3.2',
          '1.3.6.1.5.5.7.3.3',
          '1.3.6.1.5.5.7.3.4',
          '1.3.6.1.5.5.7.3.8',
          '1.3.6.1.5.5.7.3.9',
          '1.3.6.1.4.1.311.10.3.4',
          '1.3.6.1.5.5.7.3.6',
          '1.3.6.1.5.5.7.3.7',
          '1.3.6.1.5.5.8.2.2',
        ],
      },
    ]);
  });
  it('reads KeySpec and ProviderType of a CAPI key from an indented real -v copy', () => {
    const { value, issues } = read(
      'certutil-store.sample.en-v-store-my-capi-at-signature-rst-indented.txt',
    );
    expect(read_(issues)).toEqual([]);
    expect(value).toMatchObject({ store: 'my', verb: 'store', completed: true });
    expect(value.certificates).toMatchObject([
      {
        thumbprint: 'ff2771bd5bd1f7086ab96fb9532b594ed8619c3b',
        provider: 'Microsoft Strong Cryptographic Provider',
        providerType: 1,
        keySpec: '2 -- AT_SIGNATURE',
        keyContainer: '3d40ebea7d109ee93b238b96721f0e6d_4be58f30-7127-42f5-9b76-f47187495247',
        exportable: false,
        signatureTest: 'passed',
        keyState: 'usable',
        eku: null,
        extensionsListed: true,
        propertiesListed: true,
        ekuProperty: null,
      },
    ]);
  });
  it('leaves the properties unknown when the block lists none (certutil -store without -v)', () => {
    const { value } = read('certutil-store.sample.en-store-my-not-exportable-key-tests.txt');
    for (const c of value.certificates)
      expect(c).toMatchObject({ propertiesListed: false, ekuProperty: null, providerType: null });
  });
  it('reads certutil -dump of a .cer: one certificate without store, names joined, SAN and EKU', () => {
    const { value, issues } = read('certutil-store.sample.synthetic-en-dump-cer.txt');
    expect(read_(issues).map((i) => i.code)).toEqual(['ambiguous-date', 'ambiguous-date']);
    expect(value).toMatchObject({ store: null, verb: 'dump', completed: true });
    expect(value.certificates).toMatchObject([
      {
        thumbprint: 'a3a24ddc3db9c858165eb1aa0210d1732f4388c3',
        subject: 'CN=www.contoso.com, O=Contoso Ltd, C=US',
        issuer: 'CN=tls-doctor Sample Issuing CA 1, O=tls-doctor samples, C=US',
        notAfterLocal: null,
        notAfterReadings: ['2028-06-01T00:00', '2028-01-06T00:00'],
        sanDns: ['www.contoso.com', 'contoso.com'],
        eku: ['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2'],
        evidence: { lines: { start: 2 } },
      },
    ]);
    expect(
      certutilParser.sniff('X509 Certificate:\nVersion: 3\nSerial Number: 3001\n'),
    ).toBeGreaterThanOrEqual(SNIFF.likely);
  });
});
