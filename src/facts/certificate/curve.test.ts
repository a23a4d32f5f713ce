// Issue 16: the named curve of a certificate key and the curve list Schannel uses.
// Certificates are the real X.509 files made by scripts/gen-certs.ts (server-ecc-p384: an EC
// P-384 key made by openssl); the certutil block is the real ECC -dump beside the parser.
import { describe, expect, it } from 'vitest';
import {
  T,
  cer,
  fixture,
  manifest,
  sslcert,
  store,
  facts,
} from '../../test-support/certificate-bundle.js';
import { readFileSync } from 'node:fs';
import { curveListed, keyAlgorithmOfOid, schannelCurveName } from './curve.js';
import { wireX509 } from './gather.js';

const ECC = T('server-ecc-p384');
const POLICY_NONE =
  'Windows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Cryptography\\Configuration\\Local\\SSL]\r\n\r\n';
const policyCurves = (...curves: string[]) =>
  'Windows Registry Editor Version 5.00\r\n\r\n' +
  '[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Cryptography\\Configuration\\SSL\\00010002]\r\n' +
  `"EccCurves"=hex(7):${Buffer.from(curves.join('\0') + '\0\0', 'utf16le')
    .toString('hex')
    .replace(/(..)(?!$)/g, '$1,')}\r\n\r\n`;

const bundle = (extra: Record<string, string | Buffer>) =>
  facts({
    'manifest.json': manifest(),
    [`certificates/My/${ECC}.cer`]: cer('server-ecc-p384'),
    'httpsys/netsh-http-show-sslcert.txt': sslcert(ECC),
    ...extra,
  });
const leaf = (f: ReturnType<typeof facts>) => f.certificates.find((c) => c.thumbprint === ECC)!;

describe('facts: certificate — EC key curve against the curve list', () => {
  it('names the curve as Schannel does, from an OID or a parser name', () => {
    expect(schannelCurveName('1.3.132.0.34')).toBe('NistP384');
    expect(schannelCurveName('nistP521')).toBe('NistP521');
    expect(schannelCurveName('1.2.3.4')).toBe('1.2.3.4');
    expect(schannelCurveName(null)).toBeNull();
    expect(keyAlgorithmOfOid('1.2.840.10045.2.1')).toBe('ECC');
    expect(curveListed('NistP384', ['curve25519', 'nistp384'])).toBe(true);
  });

  it('reads NistP384 from the X.509 bytes and finds it missing from Get-TlsEccCurve', () => {
    const f = bundle({
      'schannel/get-tlsecccurve.txt': 'curve25519\r\nNistP256\r\n',
      'registry/cipher-suite-policy.reg': POLICY_NONE,
    });
    expect(leaf(f)).toMatchObject({
      keyAlgorithm: 'ECC',
      keyIsEc: true,
      keyCurve: 'NistP384',
      keyCurveEnabled: false,
      eccCurvesInForce: ['curve25519', 'NistP256'],
      eccCurvesSource: 'get-tlsecccurve',
      inUse: true,
    });
    expect(leaf(f).evidence.map((e) => e.label)).toContain('Get-TlsEccCurve');
  });

  it('finds it enabled when the list holds it', () => {
    const f = bundle({
      'schannel/get-tlsecccurve.txt': 'curve25519\r\nNistP256\r\nNistP384\r\n',
      'registry/cipher-suite-policy.reg': POLICY_NONE,
    });
    expect(leaf(f)).toMatchObject({ keyCurveEnabled: true });
  });

  it('lets the ECC Curve Order policy override what Get-TlsEccCurve printed', () => {
    const f = bundle({
      'schannel/get-tlsecccurve.txt': 'curve25519\r\nNistP256\r\nNistP384\r\n',
      'registry/cipher-suite-policy.reg': policyCurves('NistP256', 'curve25519'),
    });
    expect(leaf(f)).toMatchObject({
      keyCurveEnabled: false,
      eccCurvesInForce: ['NistP256', 'curve25519'],
      eccCurvesSource: 'group-policy',
    });
  });

  it('does not decide from Get-TlsEccCurve alone: a policy not collected could override it', () => {
    const f = bundle({ 'schannel/get-tlsecccurve.txt': 'curve25519\r\nNistP256\r\n' });
    expect(leaf(f)).toMatchObject({ keyCurve: 'NistP384', keyCurveEnabled: null });
  });

  it('leaves an RSA key out', () => {
    const f = facts({
      'manifest.json': manifest(),
      [`certificates/My/${T('server-good')}.cer`]: cer('server-good'),
      'schannel/get-tlsecccurve.txt': 'curve25519\r\nNistP256\r\n',
      'registry/cipher-suite-policy.reg': POLICY_NONE,
    });
    expect(f.certificates[0]).toMatchObject({
      keyIsEc: false,
      keyCurve: null,
      keyCurveEnabled: null,
    });
  });

  it('reads the curve from store.json KeyParameters alone (no .cer collected)', () => {
    const f = facts({
      'manifest.json': manifest(),
      'certificates/store.json': store({
        Store: 'My',
        Thumbprint: ECC.toUpperCase(),
        Subject: 'CN=www.contoso.com, O=Contoso Ltd, C=US',
        KeyAlgorithm: 'ECC',
        KeySize: 384,
        KeyParameters: '06052b81040022',
      }),
      'httpsys/netsh-http-show-sslcert.txt': sslcert(ECC),
      'schannel/get-tlsecccurve.txt': 'curve25519\r\nNistP256\r\n',
      'registry/cipher-suite-policy.reg': POLICY_NONE,
    });
    expect(leaf(f)).toMatchObject({ keyCurve: 'NistP384', keyCurveEnabled: false });
  });

  it('reads the curve from certutil -dump alone (real ECC sample), without a weak-key guess from "0 bits"', () => {
    const f = facts({
      'manifest.json': manifest(),
      'certificates/certutil-v-store-my.txt': fixture(
        'certutil-store.sample.en-dump-ecc-p256-akv-hsm-engine-readme.txt',
      ),
      'schannel/get-tlsecccurve.txt': 'curve25519\r\nNistP384\r\n',
      'registry/cipher-suite-policy.reg': POLICY_NONE,
    });
    expect(f.certificates[0]).toMatchObject({
      keyAlgorithm: 'ECC',
      keyCurve: 'NistP256',
      keyCurveEnabled: false,
      keySize: null,
      weakKey: null,
    });
  });

  it('reads the curve of a certificate sent on the wire with the same DER decoder (real Zeek ECDSA certificate)', () => {
    const der = readFileSync(
      new URL('../../parsers/cert-file.sample.real-ecdsa-p256-zeek.cer', import.meta.url),
    );
    const x = wireX509(
      {
        index: 0,
        subject: null,
        issuer: null,
        sha1: '',
        notBefore: null,
        notAfter: null,
        serialNumber: null,
        subjectAltName: null,
        sanDns: [],
        sanIp: [],
        derBase64: der.toString('base64'),
        frame: 4,
      },
      'capture/ecdsa.pcap',
    );
    expect(x?.keyAlgorithm).toBe('ECC');
    // openssl x509 -text on the file: "ASN1 OID: secp384r1" (the file name says p256; its key is P-384).
    expect(schannelCurveName(x?.curve)).toBe('NistP384');
  });
});
