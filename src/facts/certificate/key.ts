/** The private key: its state from every source, and its provider and key spec. */
import type { StoreCertificate } from '../../parsers/cert-store.js';
import type { CertutilCertificate } from '../../parsers/certutil-store.js';
import { repairFailure } from '../../parsers/certutil/model.js';
import type { CertificateEntity, CertificatePrivateKeyState } from '../model.js';

export function keyState(
  m: StoreCertificate | null,
  cu: CertutilCertificate | null,
  ps: StoreCertificate | null = null,
): { state: CertificatePrivateKeyState; reasons: string[] } {
  const reasons: string[] = [];
  // A PowerShell Format-List or a table with a HasPrivateKey column prints it as store.json does.
  const hasKey = m?.hasPrivateKey ?? ps?.hasPrivateKey ?? null;
  const filter = m?.hasPrivateKey == null ? ps?.hasPrivateKeyFilter : undefined;
  const from =
    m?.hasPrivateKey != null
      ? 'store.json'
      : filter
        ? `PowerShell listing filtered by ${filter.filter} (line ${filter.evidence.lines?.start ?? '?'})`
        : 'PowerShell listing';
  if (hasKey !== null) reasons.push(`${from}: HasPrivateKey = ${hasKey ? 'True' : 'False'}`);
  if (m?.keyFileExists === false)
    reasons.push(`key file not found: ${m.keyFilePath ?? m.keyUniqueName ?? '?'}`);
  if (m?.keyAccessible === false)
    reasons.push(`the collector could not open the key: ${m.keyAccessError ?? 'no detail'}`);
  if (m?.keyAccessible === true) reasons.push('the collector opened the key');
  if (cu) {
    const said: Record<string, string> = {
      usable: 'certutil: key test passed',
      'missing-keyset': 'certutil: Missing stored keyset',
      'no-key': 'certutil: No key provider information',
      'test-failed': `certutil: key test failed${cu.keyError ? ` (${cu.keyError})` : ''}`,
      'present-untested': 'certutil: key container named, no test result',
      unknown: '',
    };
    const repair = repairFailure(cu);
    if (repair !== null) reasons.push(`certutil -repairstore FAILED: ${repair}`);
    else if (said[cu.keyState]) reasons.push(said[cu.keyState]!);
    if (cu.repairError !== null && repair === null)
      reasons.push(
        `certutil -repairstore FAILED: ${cu.repairError} (a code that says nothing about the key: run it again from an elevated prompt)`,
      );
  }
  const fileExists = m?.keyFileExists ?? null;
  let state: CertificatePrivateKeyState = 'unknown';
  if (cu?.keyState === 'usable' || m?.keyAccessible === true) state = 'usable';
  else if (hasKey === false || cu?.keyState === 'no-key') state = 'none';
  else if (fileExists === false) state = 'missing';
  else if (cu?.keyState === 'missing-keyset')
    state = fileExists === true ? 'inaccessible' : 'missing';
  else if (cu?.keyState === 'test-failed' || m?.keyAccessible === false) state = 'inaccessible';
  else if (hasKey === true || cu?.keyState === 'present-untested') state = 'present-untested';
  return { state, reasons };
}

export type KeyFacts = Pick<
  CertificateEntity,
  | 'keySpec'
  | 'keyProviderType'
  | 'keyIsCapi'
  | 'keyProviderKind'
  | 'keySignatureOnly'
  | 'keySpecFromKeyTest'
>;

/**
 * Providers whose keys live outside the machine's software key store: a TPM ("Microsoft
 * Platform Crypto Provider"), a smart card (Microsoft's smart-card KSP / CSP, used by card
 * minidrivers), Windows Hello ("Microsoft Passport Key Storage Provider", per user). Third-party
 * (HSM) providers are `other`: many support Schannel, so they are not judged.
 */
export function providerKind(provider: string | null): CertificateEntity['keyProviderKind'] {
  if (provider === null || provider.trim() === '') return null;
  if (/platform crypto provider/i.test(provider)) return 'tpm';
  if (/smart ?card/i.test(provider)) return 'smart-card';
  if (/passport key storage provider/i.test(provider)) return 'hello';
  if (/^microsoft\b/i.test(provider)) return 'software';
  return 'other';
}

/** KeySpec as certutil (`2 -- AT_SIGNATURE`, `0`) or store.json (2, "Signature") gives it. */
export function keySpecOf(v: string | number | null | undefined): number | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return Number.isInteger(v) && v >= 0 ? v : null;
  const n = /^\s*(\d+)\b/.exec(v);
  if (n) return Number(n[1]);
  if (/^\s*(AT_)?SIGNATURE\b/i.test(v)) return 2;
  if (/^\s*(AT_)?(KEYEXCHANGE|EXCHANGE)\b/i.test(v)) return 1;
  return null;
}

/**
 * The KeySpec of a CryptoAPI key read from certutil's key test when no KeySpec line was printed
 * (certutil -store without -v): certutil tests a CSP key in its own slot, so an AT_SIGNATURE key
 * shows only "Signature test passed" and an AT_KEYEXCHANGE key "Encryption test passed" (real:
 * the CVI-lab sample beside the certutil parser, a CAPI code-signing key with "Signature test
 * passed" alone; projectacrn/acrn-hypervisor doc/tutorials/waag-secure-boot.rst, a
 * "Microsoft Strong Cryptographic Provider" key printing "KeySpec = 2 -- AT_SIGNATURE" and then
 * only "Signature test passed"). Not for CNG keys: an ECDSA key storage provider key also shows
 * only a signature test and has no key pair slot.
 */
export function keySpecFromKeyTest(cu: CertutilCertificate | null): number | null {
  if (!cu) return null;
  if (cu.encryptionTest === 'passed') return 1;
  if (cu.signatureTest === 'passed' && cu.encryptionTest === null) return 2;
  return null;
}

export function keyProviderFacts(
  provider: string | null,
  m: StoreCertificate | null,
  cu: CertutilCertificate | null,
): KeyFacts {
  const printed = keySpecOf(m?.keySpec ?? null) ?? keySpecOf(cu?.keySpec);
  const providerType = m?.keyProviderType ?? cu?.providerType ?? null;
  // CAPI (CSP) keys have a provider type; a CNG key storage provider has 0.
  const keyIsCapi =
    providerType !== null
      ? providerType !== 0
      : provider === null
        ? null
        : !/key storage provider|platform crypto provider/i.test(provider);
  const tested = printed === null && keyIsCapi === true ? keySpecFromKeyTest(cu) : null;
  const keySpec = printed ?? tested;
  return {
    keySpec,
    keySpecFromKeyTest: tested !== null,
    keyProviderType: providerType,
    keyIsCapi,
    keyProviderKind: providerKind(provider),
    // Schannel opens a CAPI server key as AT_KEYEXCHANGE only ("Server private keys must be of
    // type AT_KEYEXCHANGE"); a CNG key has no key pair slot.
    keySignatureOnly:
      keyIsCapi === false ? false : keyIsCapi && keySpec !== null ? keySpec === 2 : null,
  };
}
