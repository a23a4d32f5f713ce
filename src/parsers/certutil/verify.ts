/**
 * `certutil -verify <cert.cer>`: the chain engine's own check of one certificate. Layout (the
 * judge13 case 32 rendition of the documented layout; no real sample in shared/real yet): the
 * leaf's Issuer / Subject, dwFlags, `ChainContext.dwErrorStatus = CERT_TRUST_IS_UNTRUSTED_ROOT
 * (0x20)`, one `CertContext[0][i]:` element per chain certificate (0 = the leaf) with Issuer,
 * NotBefore, NotAfter, Subject, Serial, SubjectAltName, `Cert: <sha1>` and
 * `Element.dwErrorStatus = …`, then `CertUtil: -verify command FAILED: 0x800b0109 (-2146762487
 * CERT_E_UNTRUSTEDROOT)`. A FAILED with a chain status is the result of the check (judge13 S1),
 * not a command that could not run.
 */
import { lineEvidence } from '../../shared/evidence.js';
import type { TextInput } from '../../shared/parse.js';
import type { CertutilCertificate } from './model.js';

/** A chain verdict: CERT_E_* / TRUST_E_* / revocation codes, or their 0x800B01xx / 0x8009201x HRESULTs. */
const CHAIN_RESULT =
  /\b0x800b01[0-9a-f]{2}\b|\b0x8009201[0-3]\b|\bCERT_E_\w+|\bTRUST_E_\w+|\bCRYPT_E_(REVOKED|NO_REVOCATION_CHECK|REVOCATION_OFFLINE)\b/i;

/** One line of a -verify element: consumed (true), the end of the elements ('end'), or not its own (false). */
export function verifyElementLine(c: CertutilCertificate, t: string): boolean | 'end' {
  const cert = /^Cert\s*:\s*([0-9a-f ]{40,60})$/i.exec(t);
  if (cert) {
    const hex = cert[1]!.replace(/\s+/g, '').toLowerCase();
    if (/^[0-9a-f]{40}$/.test(hex)) c.thumbprint ??= hex;
    return true;
  }
  const san = /^SubjectAltName\s*:\s*(.*)$/i.exec(t);
  if (san) {
    for (const m of san[1]!.matchAll(/DNS Name=([^,\s]+)/gi)) c.sanDns.push(m[1]!);
    return true;
  }
  const err = /^Element\.dwErrorStatus\s*=\s*(CERT_TRUST_\w+)/i.exec(t);
  if (err) {
    (c.chainErrors ??= []).push(err[1]!.toUpperCase());
    return true;
  }
  const serial = /^Serial\s*:\s*([0-9a-f ]+)$/i.exec(t);
  if (serial) {
    c.serialNumber ??= serial[1]!.replace(/\s+/g, '').toLowerCase();
    return true;
  }
  if (/^(Exclude leaf cert|Full chain)\s*:/i.test(t)) return 'end';
  return /^(Element\.dwInfoStatus|Application\[\d+\]|Issuance\[\d+\]|-{4,}|No URLs\b)/i.test(t);
}

/** A chain element above the leaf, kept on the leaf (it is not a certificate of a store). */
export function attachElement(leaf: CertutilCertificate, el: CertutilCertificate): void {
  (leaf.verifyChain ??= []).push({
    index: el.index ?? 0,
    subject: el.subject,
    thumbprint: el.thumbprint,
    notAfterText: el.notAfterText,
    errors: el.chainErrors ?? [],
  });
}

/**
 * The `-verify` status line settles the leaf's verdict: a chain code → error (the line is part of
 * its evidence), completed → valid. False when the command failed for another reason (a file not
 * found): then it is a failed command.
 */
export function settleVerify(
  printed: CertutilCertificate[],
  status: string,
  input: TextInput,
  line: number,
): boolean {
  const leaf = printed.find((c) => c.index === 0) ?? printed[0];
  const failed = /failed|失败|失敗|fehler|échec/i.test(status);
  if (!leaf || (failed && !CHAIN_RESULT.test(status))) return false;
  leaf.verifyCommand = 'verify';
  if (failed) {
    const code = /\b0x8[0-9a-f]{7}\b/i.exec(status);
    leaf.verifyResult = 'error';
    leaf.verifyError = code ? status.slice(code.index) : status;
  } else leaf.verifyResult ??= 'valid';
  leaf.evidence = lineEvidence(input, leaf.evidence.lines!.start, line, leaf.evidence.label);
  return true;
}
