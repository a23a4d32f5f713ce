/**
 * The certificate template a certificate was issued from, as certutil prints it (`Template:
 * CVI-CodeSigning, CVI Code Signing`, `Certificate Template Name (Certificate Type): User`).
 * certutil without -v does not print the EKU, so a bound certificate's purposes are often unknown;
 * the template then still tells a code-signing or user certificate (Microsoft's default templates
 * whose EKU has no Server Authentication) from a web server one. Only names that say so are
 * judged: a custom template named otherwise (`Contoso-Web`) is left unknown.
 */
import { filesOf, type ParsedBundle } from '../artifacts/load.js';
import type { CertificateEntity } from './model.js';
import type { Patch, View } from './patch.js';

/**
 * Internal names of AD CS default templates whose EKU lacks Server Authentication (User: EFS,
 * Secure Email, Client Authentication; CodeSigning: Code Signing; SmartcardLogon: Client
 * Authentication, Smart Card Logon; …), and `code signing` in any custom name.
 */
const NOT_SERVER =
  /^(user|usersignature|smartcarduser|smartcardlogon|efs|efsrecovery|administrator|exchangeuser|exchangesignature|enrollmentagent|keyrecoveryagent|ocspresponsesigning|ca|subca|crossca|workstation|clientauth)$/i;
const CODE_SIGNING = /code.?sign/i;

/** True when the template's name says its certificates are not for TLS servers; null when it does not say. */
export function templateNotServer(template: string | null): boolean | null {
  if (template === null || template.trim() === '') return null;
  const [internal, display] = template.split(',').map((s) => s.trim());
  if (CODE_SIGNING.test(template)) return true;
  if (internal !== undefined && NOT_SERVER.test(internal)) return true;
  if (display !== undefined && /^(user|code signing)$/i.test(display)) return true;
  return null;
}

/**
 * Sets `template` / `templateNotServer` on each certificate certutil printed a template for, and
 * `notServerCertificate`: the EKU decides when known, else the template's name (a fix must not
 * repair the key of a certificate that cannot serve HTTPS anyway; judge15 S1).
 */
export function markTemplates(
  parsed: ParsedBundle,
  certificates: readonly View<CertificateEntity>[],
): Patch<CertificateEntity, 'template' | 'templateNotServer' | 'notServerCertificate'>[] {
  const byThumb = new Map<string, string>();
  for (const f of filesOf(parsed, 'cert.certutil'))
    for (const c of f.value.certificates)
      if (c.thumbprint && c.template && !byThumb.has(c.thumbprint))
        byThumb.set(c.thumbprint, c.template);
  return certificates.map((c, at) => {
    const t = byThumb.get(c.thumbprint) ?? null;
    const byName = templateNotServer(t);
    const notServer = c.missingServerAuthEku ?? byName;
    return { at, set: { template: t, templateNotServer: byName, notServerCertificate: notServer } };
  });
}
