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
