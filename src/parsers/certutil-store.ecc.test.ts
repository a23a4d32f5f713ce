// The named curve of an EC key (issue 16). Samples and their sources: certutil-store.samples.md.
import { describe, expect, it } from 'vitest';
import { fixtureText, inlineText } from '../test-support/fixtures.js';
import { parseCertutil } from './certutil-store.js';

const read = (name: string) => parseCertutil(fixtureText(import.meta.url, name, 'cert.certutil'));

// Issue 16: the named curve of an EC key (real `certutil cert.pem` -dump of an ECC certificate,
// Azure Key Vault Managed HSM engine readme; see certutil-store.samples.md).
describe('EC public key', () => {
  const ecc = 'certutil-store.sample.en-dump-ecc-p256-akv-hsm-engine-readme.txt';

  it('reads the ECC algorithm and the P-256 curve of the real -dump, and no key length from "0 bits"', () => {
    const [c] = read(ecc).value.certificates;
    expect(c).toMatchObject({
      thumbprint: '03f5b11491a94614ce0ff6653eb33b77f4834afc',
      publicKeyAlgorithmOid: '1.2.840.10045.2.1',
      publicKeyCurveOid: '1.2.840.10045.3.1.7',
      publicKeyLength: null,
      signatureAlgorithm: 'sha256ECDSA',
    });
  });

  it('decodes the curve from the parameter bytes when the decoded OID line is missing', () => {
    const text = fixtureText(import.meta.url, ecc).text.replace(
      /^ +1\.2\.840\.10045\.3\.1\.7 ECDSA_P256.*\r?\n/m,
      '',
    );
    expect(text).not.toContain('ECDSA_P256');
    const [c] = parseCertutil(inlineText(text)).value.certificates;
    expect(c).toMatchObject({ publicKeyCurveOid: '1.2.840.10045.3.1.7' });
  });

  it('reads a P-384 curve from its bytes (06 05 2b 81 04 00 22)', () => {
    const text = fixtureText(import.meta.url, ecc)
      .text.replace('06 08 2a 86 48 ce 3d 03  01 07', '06 05 2b 81 04 00 22')
      .replace(/^ +1\.2\.840\.10045\.3\.1\.7 ECDSA_P256.*\r?\n/m, '');
    const [c] = parseCertutil(inlineText(text)).value.certificates;
    expect(c).toMatchObject({ publicKeyCurveOid: '1.3.132.0.34' });
  });

  it('gives an RSA key no curve (its parameters are 05 00, NULL)', () => {
    const [c] = read('certutil-store.sample.en-v-store-my-capi-at-signature-rst-indented.txt').value
      .certificates;
    expect(c).toMatchObject({
      publicKeyAlgorithmOid: '1.2.840.113549.1.1.1',
      publicKeyCurveOid: null,
      publicKeyLength: 2048,
    });
  });

  it('keeps the curve unknown when the parameter bytes are not an OID', () => {
    const text = fixtureText(import.meta.url, ecc)
      .text.replace('06 08 2a 86 48 ce 3d 03  01 07', '06 09 2a 86')
      .replace(/^ +1\.2\.840\.10045\.3\.1\.7 ECDSA_P256.*\r?\n/m, '');
    const [c] = parseCertutil(inlineText(text)).value.certificates;
    expect(c).toMatchObject({
      publicKeyAlgorithmOid: '1.2.840.10045.2.1',
      publicKeyCurveOid: null,
    });
  });
});
