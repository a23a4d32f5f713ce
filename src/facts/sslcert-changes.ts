/**
 * Failed `netsh http add / update sslcert` lines of console copies (judge7 S5). netsh prints the
 * Windows error number (`SSL Certificate add failed, Error: 1312`) in every locale; the number
 * decides, never the words. 1312 (ERROR_NO_SUCH_LOGON_SESSION, "A specified logon session does not
 * exist") on an add or update is what HTTP.sys answers when it cannot use the certificate's private
 * key (Microsoft's IIS support blog on 0x80070520, the same error as an HRESULT, when IIS Manager
 * saves such a binding): the key is missing or broken. Other numbers (183 already exists, 87 a
 * wrong parameter, 5 not elevated) say nothing about the server's TLS and give no fact here.
 */
import { filesOf, type ParsedBundle } from '../artifacts/load.js';
import type { SslcertFailedChange } from '../parsers/netsh-sslcert.js';
import type { SslcertKeyError } from './model.js';

/** ERROR_NO_SUCH_LOGON_SESSION. */
export const NO_SUCH_LOGON_SESSION = 1312;

/** certutil's name of a store netsh names (`MY`, `WebHosting`): lower case, `my` by default. */
const storeCli = (name: string | null): string =>
  name && /^[A-Za-z][A-Za-z0-9]{0,39}$/.test(name) ? name.toLowerCase() : 'my';

export function sslcertKeyError(parsed: ParsedBundle): SslcertKeyError | null {
  const failed: SslcertFailedChange[] = filesOf(parsed, 'httpsys.sslcert').flatMap((f) =>
    (f.value.failedChanges ?? []).filter(
      (c) => c.errorCode === NO_SUCH_LOGON_SESSION && (c.op === 'add' || c.op === 'update'),
    ),
  );
  const first = failed[0];
  if (!first) return null;
  const hashes = [
    ...new Set(failed.flatMap((c) => (c.certificateHash ? [c.certificateHash] : []))),
  ];
  return {
    op: first.op as 'add' | 'update',
    endpoint: first.endpoint,
    certificateHash: first.certificateHash,
    certificateHashUpper: first.certificateHash?.toUpperCase() ?? null,
    storeCli: storeCli(first.certificateStoreName),
    errorCode: NO_SUCH_LOGON_SESSION,
    entryAbsent: first.afterwards === null ? null : first.afterwards === 'absent',
    count: failed.length,
    hashes,
    evidence: failed.slice(0, 5).map((c) => c.evidence),
  };
}
