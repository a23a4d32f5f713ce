// Real localized certutil outputs (issue 17): each sample copied verbatim beside the parser with
// its source in certutil-store.samples.md; every label of CERTUTIL_LABELS marked `real:` names a
// sample that exists and prints it.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixtureText } from '../test-support/fixtures.js';
import { SNIFF } from '../shared/parse.js';
import { certutilParser, parseCertutil } from './certutil-store.js';
import { CERTUTIL_LABELS, fieldOf } from './certutil/labels.js';

const read = (name: string) => parseCertutil(fixtureText(import.meta.url, name, 'cert.certutil'));
const codes = (issues: { code: string; line?: number }[]) =>
  issues.filter((i) => i.code !== 'unrecognized-line').map((i) => [i.code, i.line]);

describe('cert.certutil localized (real samples)', () => {
  it.each([
    {
      name: 'certutil-store.sample.zh-tw-dump-pfx-nested-oemc1.txt',
      verb: 'dump',
      cert: {
        index: 0,
        serialNumber: '525d434f8a601daa4de21b045c411b25',
        issuer: 'CN=OEMC1 UEFI PK CA, O=Microsoft Corporation, L=Redmond, S=Washington, C=US',
        subject: 'CN=OEMC1 UEFI PK Signer, O=Microsoft Corporation, L=Redmond, S=Washington, C=US',
        thumbprint: '46097439aa3cffc4d0df5f35129179554626b56f',
        isRoot: false,
        provider: 'Microsoft Strong Cryptographic Provider',
        signatureTest: 'passed',
        // 8/5/2020 is 5 August or 8 May: nothing in the output decides, so no date is guessed.
        notBeforeLocal: null,
        notAfterLocal: null,
        unknownFields: ['notBefore', 'notAfter'],
      },
      issues: [
        ['ambiguous-date', 8],
        ['ambiguous-date', 9],
      ],
    },
    {
      name: 'certutil-store.sample.zh-tw-addstore-root-already-in-store.txt',
      verb: 'addstore',
      cert: {
        serialNumber: '43e6c4b50fdc28f1410b045cb4a0312dcf93563a',
        subject:
          'CN=192.168.25.180, E=mandy.chen@hokia.com.tw, OU=IT, O=hokia, L=Kaohsiung, S=Sanmin, C=TW',
        thumbprint: '460135c3398cca4b914b2c2b8a77a66e699f3048',
        isRoot: false,
        // zh-TW's year-first date with 下午 (PM): unambiguous.
        notBeforeLocal: '2024-01-24T15:22',
        notAfterLocal: '2123-12-31T15:22',
      },
      issues: [],
    },
  ])('reads $name', ({ name, verb, cert, issues }) => {
    const { value, issues: got } = read(name);
    expect(value).toMatchObject({ verb, completed: true });
    // The nesting banner of a PFX dump is inside the certificate, not a second one.
    expect(value.certificates).toHaveLength(1);
    expect(value.certificates[0]).toMatchObject(cert);
    expect(codes(got)).toEqual(issues);
  });

  it('reads the es-ES console-overwritten fragment as certutil output without inventing a certificate', () => {
    const name = 'certutil-store.sample.es-es-store-v-console-overwritten-fragment.txt';
    const { value, issues } = read(name);
    expect(value).toMatchObject({ store: 'My', verb: 'store', completed: true, certificates: [] });
    expect(codes(issues)).toEqual([['no-certificates', 1]]);
    expect(certutilParser.sniff(fixtureText(import.meta.url, name).text)).toBeGreaterThanOrEqual(
      SNIFF.likely,
    );
  });

  // The only real ja-JP certutil outputs found (issue 17, Dec 2026): two `-addstore` runs quoted
  // in READMEs (certutil-store.samples.md). They show the store header, two sentences and the
  // status line, no certificate block, so no ja-JP field label is real yet.
  it.each([
    ['certutil-store.sample.ja-jp-addstore-root-added-swagger-demo.txt', 'root'],
    ['certutil-store.sample.ja-jp-addstore-root-added-proxmox-note.txt', 'Root'],
  ])(
    'reads the real ja-JP -addstore output %s: status and store, every other line named',
    (name, store) => {
      const { value, issues } = read(name);
      expect(value).toMatchObject({
        store,
        storeDisplayName: '信頼されたルート証明機関',
        verb: 'addstore',
        completed: true,
        error: null,
        certificates: [],
      });
      // 署名は公開キーと一致します / 証明書 "…" がストアに追加されました。: not read, and said so.
      expect(issues.map((i) => [i.code, i.line])).toEqual([
        ['unrecognized-line', 3],
        ['unrecognized-line', 4],
        ['no-certificates', 1],
      ]);
      expect(certutilParser.sniff(fixtureText(import.meta.url, name).text)).toBeGreaterThanOrEqual(
        SNIFF.likely,
      );
    },
  );

  it('reads a status line with an HRESULT as failed in any language (synthetic ja-JP wording)', () => {
    // No real ja-JP failure line exists in public material; the HRESULT decides, not the words.
    const real = fixtureText(
      import.meta.url,
      'certutil-store.sample.ja-jp-addstore-root-added-swagger-demo.txt',
    ).text;
    const failed = real.replace(
      'コマンドは正常に完了しました。',
      'コマンドは失敗しました: 0x80070005 (WIN32: 5 ERROR_ACCESS_DENIED)',
    );
    const { value, issues } = parseCertutil(
      fixtureText(import.meta.url, 'synthetic-ja-jp-addstore-failed.txt', 'cert.certutil', failed),
    );
    expect(value).toMatchObject({ completed: false });
    expect(codes(issues)).toContainEqual(['command-failed', 5]);
  });

  // Labels whose source is a sample beside the parser (others cite a public issue by name).
  const real = CERTUTIL_LABELS.filter(
    (l) => l.source.startsWith('real: certutil-store.sample.') && l.locale !== 'en',
  );
  it.each(real.map((l) => [l.locale, l.label, l.field, l.source.slice(6)] as const))(
    '%s label %s (%s) is printed by its sample %s',
    (_locale, label, field, sample) => {
      const text = readFileSync(new URL(sample.split(' ')[0]!, import.meta.url), 'utf8');
      expect(text).toContain(label);
      expect(fieldOf(label)).toBe(field);
    },
  );
});
