/**
 * `certutil -store my`, `certutil -v -store my` (artifact `cert.certutil`, collected as
 * `certificates/certutil-v-store-my.txt`), `certutil -verifystore my <thumbprint>` and
 * `certutil -repairstore my <thumbprint>`: certutil's view of the store, the only place that shows
 * whether the private key really opens ("Encryption test passed" / "Signature test passed") or is
 * gone ("Missing stored keyset").
 *
 * Shape (English, Windows Server 2012 R2 … 2025; the real samples beside this file):
 *
 *   My "Personal"                                   store name + display name
 *   ================ Certificate 0 ================  one block per certificate
 *   Archived!                                       optional
 *   Serial Number: 472cb6148184a9894f6d4d2587b1b165
 *   Issuer: CN=…                                    -v: "Issuer:" then the name on indented lines
 *    NotBefore: 11/3/2024 3:30 PM                   LOCAL time, in the host's short date format
 *    NotAfter: 11/3/2029 3:40 PM                    (en-US M/d/yyyy h:mm tt, de dd.MM.yyyy HH:mm, zh yyyy/M/d H:mm)
 *   Subject: CN=…
 *   Non-root Certificate | Root Certificate: Subject matches Issuer
 *   Template: …
 *   Cert Hash(sha1): 779a97b1…                      older builds / -v: hex pairs with spaces
 *     Key Container = 46f11b40…_7989b711-…          CAPI unique name or CNG key name
 *     Simple container name: te-User-…              / "Unique container name: …" (-v)
 *     Provider = Microsoft RSA SChannel Cryptographic Provider
 *   Missing stored keyset | Encryption test passed | Signature test passed | Private key is NOT exportable
 *   No key provider information                     no key linked at all
 *   CertUtil: -store command completed successfully.   or "… command FAILED: 0x80090016 (…)"
 *
 * With -v certutil also prints the decoded certificate ("Signature Algorithm:" + "Algorithm
 * ObjectId: 1.2.840.113549.1.1.11 sha256RSA", "Public Key Length: 2048 bits", the extensions with
 * "Enhanced Key Usage" lines ending in "(1.3.6.1.5.5.7.3.1)" and "DNS Name=…" SAN lines) and the
 * CERT_KEY_PROV_INFO property with the same "Key Container =" / "Provider =" lines plus
 * "ProviderType = 1" and "KeySpec = 2 -- AT_SIGNATURE" (CAPI) / "KeySpec = 0" (CNG), and the other
 * properties as `CERT_…_PROP_ID(n):` blocks, among them CERT_ENHKEY_USAGE_PROP_ID(9): the purposes
 * restricted in the certificate's Properties dialog, printed like the EKU extension. certutil
 * prints only the properties a certificate has: in a -v block an absent EKU property is absent
 * (`propertiesListed`); without -v nothing is known of them. The empty property ("Disable all
 * purposes") was not seen in a real output: it is read as the header with no purpose line.
 *
 * Localization: labels are translated; NotBefore/NotAfter stay English (real zh-CN sample). Known
 * labels: zh-CN 序列号 / 颁发者 / 使用者 / 证书哈希(sha1) / 密钥容器 / 提供程序 / "证书 N" (from a real
 * `certutil -scinfo`); de-DE and fr-FR labels and the zh-CN/de/fr key-test sentences are from
 * Microsoft's published terminology, NOT verified against real output (synthetic samples only);
 * every label and sentence, with where it was seen, is in certutil/labels.ts. Unknown lines are
 * skipped silently inside a block (the -v dump has hundreds); the key state is derived only from
 * lines we recognise, so an unknown locale yields `keyState: 'unknown'`, never a false "missing".
 *
 * `certutil -dump <file>.cer` prints the same decoded certificate as -v, without the store header
 * and the "Certificate N" line: a certificate starts at "X509 Certificate:" (store: null).
 *
 * -repairstore prints the certificate, then links its key or fails: a FAILED status line (its
 * HRESULT decides, in any language) and the message line after it are the `repairError` of every
 * certificate that command printed; access denied, cancelled or a wrong argument decide nothing.
 *
 * -verify prints the chain (CertContext[0][i]) and ends FAILED with the chain's code: the leaf's
 * verdict (certutil/verify.ts).
 * -verifystore adds "Certificate is valid" or chain errors such as "… 0x800b0109 (-2146762487
 * CERT_E_UNTRUSTEDROOT)" per certificate (`verifyResult`, `verifyError`; synthetic sample only).
 *
 * Issues: `empty-input`, `no-certificates` (text with no certificate block), `ambiguous-date`
 * (a day/month order neither the output's other dates nor the bundle decide; the raw text and
 * both readings are kept), `date-order-from-file` (info: decided by another date of the output), `command-failed` (CertUtil: … FAILED),
 * `invalid-value` (a hash that is not 40 hex digits).
 */
import { lineEvidence } from '../shared/evidence.js';
import { issue, type ParseIssue, type TextInput, type TextParser } from '../shared/parse.js';
import {
  ARCHIVED,
  BLOCK,
  NESTING,
  ENC_FAILED,
  ENC_PASSED,
  fieldOf,
  HRESULT,
  labelValue,
  MISSING,
  NO_PROVIDER,
  NON_ROOT,
  NOT_EXPORTABLE,
  ROOT,
  SIG_FAILED,
  SIG_PASSED,
  splitMerged,
  STATUS,
  STORE_HEADER,
  TEST_SKIPPED,
  VERIFY_ELEMENT,
} from './certutil/labels.js';
import {
  keyState,
  newCert,
  type CertutilCertificate,
  type CertutilIssueCode,
  type CertutilValue,
} from './certutil/model.js';
import { readPublicKeyLine } from './certutil/pubkey.js';
import { attachElement, settleVerify, verifyElementLine } from './certutil/verify.js';
import { dayMonthOrder, readFileDates, readLocalDate, type LocalDate } from './local-date.js';
import { isPromptLine, unquote } from './text-cleanup.js';
import { certutilRecognizer } from './sniffs.js';

// The value types live in certutil/model.ts, certutil's words in every language in
// certutil/labels.ts; this file keeps the parse loop and the parser object.
export { CERTUTIL_LABELS } from './certutil/labels.js';
export type {
  CertutilCertificate,
  CertutilIssueCode,
  CertutilKeyState,
  CertutilValue,
} from './certutil/model.js';

/**
 * Host-local date text → `YYYY-MM-DDTHH:MM` (src/parsers/local-date.ts): unambiguous forms are
 * read; a slashed date both orders could mean is read in `culture`'s order when given, else it is
 * `ambiguous` (never guessed; AM/PM decides nothing). A whole file is read with `readFileDates`.
 */
export function certutilLocalDate(text: string, culture?: string): LocalDate {
  return readLocalDate(text, dayMonthOrder(culture));
}

export function parseCertutil(input: TextInput): {
  value: CertutilValue;
  issues: ParseIssue<CertutilIssueCode>[];
} {
  const issues: ParseIssue<CertutilIssueCode>[] = [];
  const value: CertutilValue = {
    store: null,
    storeDisplayName: null,
    verb: null,
    completed: null,
    error: null,
    certificates: [],
  };
  if (input.text.trim() === '') {
    issues.push(issue('empty-input', 'the certutil output is empty', { line: 1 }, 'error'));
    return { value, issues };
  }
  let cur: CertutilCertificate | null = null;
  let curStart = 0;
  /** The first certificate of the current command's output (a status line or an echo ends one). */
  let outputFirst = 0;
  /** The certificates a failed -repairstore printed, until its message line (`CertUtil: Keyset does not exist`). */
  let repairFailed: CertutilCertificate[] = [];
  let lastLine = 0;
  /** A label whose value continues on the following indented lines (-v Issuer:/Subject:). */
  let pending: { field: 'issuer' | 'subject'; parts: string[]; indent: number } | null = null;
  /**
   * Lines not read (no silent drops, issue 17): one info issue each, except in a -v dump whose
   * hundreds of decoded-certificate lines are summed up in one issue listing their numbers.
   */
  const unread: { n: number; why: string }[] = [];
  const notRead = (n: number, why: string): void => {
    unread.push({ n, why });
  };
  /** -v sub-sections. */
  let section: 'sigalg' | 'pubkey' | 'eku' | 'ekuprop' | 'san' | 'sha1prop' | 'verified' | null =
    null;

  /** `certutil -verify` output: its chain elements above the leaf go onto the leaf. */
  let verifyOut = false;
  const finish = (): void => {
    if (!cur) return;
    flushPending();
    const leaf = value.certificates.at(-1);
    if (verifyOut && (cur.index ?? 0) > 0 && leaf) {
      attachElement(leaf, cur);
      cur = null;
      return;
    }
    cur.keyState = keyState(cur);
    cur.evidence = lineEvidence(
      input,
      curStart,
      lastLine,
      cur.thumbprint ? `certutil ${cur.thumbprint}` : undefined,
    );
    value.certificates.push(cur);
    cur = null;
  };
  const flushPending = (): void => {
    if (pending && cur && pending.parts.length > 0) cur[pending.field] = pending.parts.join(', ');
    pending = null;
  };
  /** NotBefore / NotAfter as printed: read together at the end, since one date can decide another's order. */
  const dates: { c: CertutilCertificate; which: 'Before' | 'After'; text: string; line: number }[] =
    [];
  const setDate = (
    c: CertutilCertificate,
    which: 'Before' | 'After',
    text: string,
    line: number,
  ): void => {
    if (which === 'Before') c.notBeforeText = text;
    else c.notAfterText = text;
    dates.push({ c, which, text, line });
  };
  const readDates = (): void => {
    const read = readFileDates(
      dates.map((d) => d.text),
      { culture: input.hostCulture, shortDatePattern: input.hostShortDatePattern },
    );
    dates.forEach(({ c, which, text, line }, i) => {
      const d = read[i]!;
      const field = which === 'Before' ? 'notBefore' : 'notAfter';
      c[`${field}Local`] = d.local;
      if (d.decidedBy !== undefined)
        issues.push(
          issue(
            'date-order-from-file',
            `"${text}" read ${d.local} in the day/month order of "${dates[d.decidedBy]!.text}" (line ${dates[d.decidedBy]!.line}), a date of the same output that only one order can mean`,
            { line },
            'info',
          ),
        );
      if (d.local !== null) return;
      c.unknownFields = [...new Set([...(c.unknownFields ?? []), field])];
      if (d.ambiguous) {
        if (d.readings) c[`${field}Readings`] = d.readings;
        issues.push(
          issue(
            'ambiguous-date',
            `cannot tell the day/month order of "${text}" (no date of this output has a day above 12, and the bundle does not state the host's date format); ${field} is unknown`,
            { line },
          ),
        );
      } else
        issues.push(
          issue(
            'invalid-value',
            `${field} "${text}" is not a date certutil prints; ${field} is unknown`,
            {
              line,
            },
          ),
        );
    });
  };

  // Lines a copy merged (`Encryption test passedCertUtil: -repairstore command completed…`) are
  // split before a status line and before a block banner; each part keeps its line number.
  let split: { n: number; line: string }[] = [];
  input.lines.forEach((rawLine, i) => {
    const line = unquote(rawLine.replace(/\u00a0/g, ' '));
    for (const part of splitMerged(line)) split.push({ n: i + 1, line: part });
  });
  // A copy that turned every line break into a paragraph (no two text lines adjacent): a lone
  // blank line is that artefact, a run of them is the original blank line.
  const blank = (k: number): boolean => split[k] !== undefined && split[k]!.line.trim() === '';
  const textLines = split.filter((_, k) => !blank(k)).length;
  const doubled = textLines >= 4 && split.every((_, k) => blank(k) || k === 0 || blank(k - 1));
  if (doubled) split = split.filter((_, k) => !blank(k) || blank(k - 1) || blank(k + 1));
  // `certutil -dump cert.cer` and fragments print one certificate without a banner.
  verifyOut = split.some(({ line }) => VERIFY_ELEMENT.test(line.trim()));
  const banners = verifyOut || split.some(({ line }) => BLOCK.test(line.trim()));
  split.forEach(({ n, line }) => {
    const t = line.trim();
    if (t === '') {
      // A blank line ends a multi-line Issuer/Subject, unless it came before the first part
      // (a copy that doubled every line break).
      if (!pending || pending.parts.length > 0) flushPending();
      if (section !== 'sha1prop') section = null;
      return;
    }
    const failedWith = repairFailed;
    repairFailed = [];
    const message = /^certutil:\s*([^-\s].*)$/i.exec(t);
    if (message && failedWith.length > 0) {
      for (const c of failedWith) {
        c.repairError = `${c.repairError}: ${message[1]!.trim()}`;
        c.evidence = lineEvidence(input, c.evidence.lines!.start, n, c.evidence.label);
      }
      return;
    }
    if (isPromptLine(line) || /^certutil(\.exe)?\s+-/i.test(t)) {
      // A block still open belongs to the output before this command.
      outputFirst = value.certificates.length + (cur ? 1 : 0);
      const verb =
        /\s-(?:f\s+-|v\s+-|user\s+-|enterprise\s+-)*(store|repairstore|verifystore|viewstore|scinfo|dump|verify)\b/i.exec(
          t,
        );
      if (verb) value.verb = verb[1]!.toLowerCase();
      return;
    }
    if (NESTING.test(t)) return;
    const block = BLOCK.exec(t) ?? VERIFY_ELEMENT.exec(t);
    if (block) {
      finish();
      cur = newCert(Number(block[1]), { artifactId: input.artifactId, path: input.path });
      curStart = n;
      lastLine = n;
      section = null;
      return;
    }
    const status = STATUS.exec(t);
    if (status) {
      finish();
      value.verb ??= status[1]!.toLowerCase();
      // -verify FAILED with a chain code is the check's verdict (judge13 S1), not a failure.
      const printed = value.certificates.slice(outputFirst);
      if (/^verify$/i.test(status[1]!) && settleVerify(printed, status[2]!, input, n)) {
        value.completed = true;
        outputFirst = value.certificates.length;
        return;
      }
      // An HRESULT fails the command in any language (no real ja-JP failure line was found).
      if (/failed|失败|失敗|fehler|échec/i.test(status[2]!) || HRESULT.test(status[2]!)) {
        value.completed = false;
        value.error = status[2]!;
        issues.push(issue('command-failed', `certutil reported: ${t}`, { line: n }));
        // -repairstore prints the certificate, then fails to link its key (judge7 S4): the
        // failure is the key's state of every certificate this command printed.
        if (/^repairstore$/i.test(status[1]!))
          for (const c of value.certificates.slice(outputFirst)) {
            const code = HRESULT.exec(status[2]!);
            c.repairError = code ? status[2]!.slice(code.index) : status[2]!;
            c.keyState = keyState(c);
            c.evidence = lineEvidence(input, c.evidence.lines!.start, n, c.evidence.label);
            repairFailed.push(c);
          }
      } else value.completed = true;
      outputFirst = value.certificates.length;
      return;
    }
    if (!cur && /^X509 Certificate\s*:$/i.test(t)) {
      // `certutil -dump file.cer` (or a -v block pasted without its header): no store, no
      // "Certificate N" line; the decoded certificate starts here.
      cur = newCert(null, { artifactId: input.artifactId, path: input.path });
      curStart = n;
      lastLine = n;
      section = null;
      value.verb ??= 'dump';
      return;
    }
    if (!cur && !banners) {
      const lv = labelValue(line);
      const f = lv ? fieldOf(lv.label) : undefined;
      if (f === 'serial' || f === 'hash' || f === 'issuer' || f === 'subject') {
        cur = newCert(null, { artifactId: input.artifactId, path: input.path });
        curStart = n;
        lastLine = n;
        section = null;
      }
    }
    if (!cur) {
      const h = STORE_HEADER.exec(t);
      if (h && value.store === null) {
        value.store = h[1]!;
        value.storeDisplayName = h[2]!;
      } else if (value.store === null && /^(my|ca|root|webhosting|authroot|trust)$/i.test(t)) {
        // `certutil -store -v my <serial>` prints the bare store name (real sample).
        value.store = t;
      } else notRead(n, 'outside any certificate block');
      return;
    }
    const c: CertutilCertificate = cur;
    lastLine = n;
    const indent = /^\s*/.exec(line)![0].length;
    if (pending) {
      if (indent > pending.indent && !/hash\(|哈希\(/i.test(t)) {
        pending.parts.push(t);
        return;
      }
      flushPending();
    }
    if (verifyOut) {
      const v = verifyElementLine(c, t);
      if (v === 'end') finish();
      if (v !== false) return;
    }
    if (section === 'sha1prop') {
      const hex = t.replace(/\s+/g, '').toLowerCase();
      if (/^[0-9a-f]{40}$/.test(hex) && c.thumbprint === null) c.thumbprint = hex;
      section = null;
    }
    if (section === 'verified') {
      // One "1.3.6.1.5.5.7.3.2 Client Authentication" line per validated purpose (indent may be
      // lost in a copy: the leading OID decides); anything else ends the list.
      const oid = /^(\d+(?:\.\d+){2,})\b/.exec(t);
      if (oid) {
        c.verifiedAppPolicies!.push(oid[1]!);
        return;
      }
      if (/^all application policies$/i.test(t)) {
        c.verifiedAppPolicies!.push('2.5.29.37.0');
        return;
      }
      section = null;
    }
    // Whole-line statements.
    if (/^verified application policies\s*:\s*$/i.test(t)) {
      c.verifiedAppPolicies = [];
      section = 'verified';
    } else if (MISSING.test(t)) c.missingStoredKeyset = true;
    else if (NO_PROVIDER.test(t)) c.noKeyProviderInfo = true;
    else if (ENC_PASSED.test(t)) c.encryptionTest = 'passed';
    else if (SIG_PASSED.test(t)) c.signatureTest = 'passed';
    else if (ENC_FAILED.test(t)) c.encryptionTest = 'failed';
    else if (SIG_FAILED.test(t)) c.signatureTest = 'failed';
    else if (TEST_SKIPPED.test(t)) c.encryptionTest ??= 'skipped';
    else if (NOT_EXPORTABLE.test(t)) c.exportable = false;
    else if (ARCHIVED.test(t)) c.archived = true;
    else if (ROOT.test(t)) c.isRoot = true;
    else if (NON_ROOT.test(t)) c.isRoot = false;
    else if (/^(CA Version\s*:|Subject Type\s*=\s*CA$)/i.test(t)) c.isCa = true;
    else if (/^Subject Type\s*=\s*End Entity$/i.test(t)) c.isCa = false;
    else if (/^CERT_SHA1_HASH_PROP_ID\(3\)\s*:?\s*$/i.test(t)) {
      c.propertiesListed = true;
      section = 'sha1prop';
    } else if (/^CERT_ENHKEY_USAGE_PROP_ID\(9\)\s*:?\s*$/i.test(t)) {
      // The purposes restricted in the certificate's properties (what "Enable all purposes for
      // this certificate" removes): the same "Name (OID)" lines as the extension (real sample
      // certutil-store.sample.en-v-store-root-enhkey-usage-property.txt).
      c.propertiesListed = true;
      c.ekuProperty = [];
      section = 'ekuprop';
    } else if (/^(CERT_[A-Z0-9_]+_PROP_ID|Unknown Property)\(\d+\)/i.test(t)) {
      c.propertiesListed = true;
      section = null;
    } else if (
      /^(certificate is valid|证书有效|das zertifikat ist gültig|le certificat est valide)[.。]?$/i.test(
        t,
      )
    )
      c.verifyResult ??= 'valid';
    else if (/\b0x800b01[0-9a-f]{2}\b|\bCERT_E_[A-Z_]+/i.test(t)) {
      c.verifyResult = 'error';
      c.verifyError ??= t;
    } else if (
      HRESULT.test(t) &&
      c.keyError === null &&
      /keyset|key|密钥|schlüssel|clé|NTE_/i.test(t)
    )
      c.keyError = t;
    else {
      // -v sections
      if (/^signature algorithm\s*:?$/i.test(t) || /^签名算法\s*[:：]?$/.test(t)) {
        section = 'sigalg';
        return;
      }
      if (/^public key algorithm\s*:?$/i.test(t) || /^公钥算法\s*[:：]?$/.test(t)) {
        section = 'pubkey';
        return;
      }
      if (/^Certificate Extensions\s*:\s*\d+$/i.test(t)) {
        c.extensionsListed = true;
        section = null;
        return;
      }
      if (/^2\.5\.29\.37\s*:/.test(t)) {
        section = 'eku';
        c.eku = [];
        return;
      }
      if (/^2\.5\.29\.17\s*:/.test(t)) {
        section = 'san';
        return;
      }
      if (/^\d+(\.\d+)+\s*:\s*flags/i.test(t)) {
        section = null;
        return;
      }
      if (section === 'sigalg') {
        const m = /ObjectId\s*[:：]\s*(\d+(?:\.\d+)+)\s*(\S+)?/i.exec(t);
        if (m) {
          c.signatureAlgorithm = m[2] ?? m[1]!;
          section = null;
          return;
        }
      }
      if (section === 'pubkey') {
        if (readPublicKeyLine(c, t)) return;
        section = null;
      }
      if (section === 'eku') {
        const m = /\((\d+(?:\.\d+)+)\)\s*$/.exec(t);
        if (m) {
          c.eku!.push(m[1]!);
          return;
        }
      }
      if (section === 'ekuprop') {
        // "Enhanced Key Usage" title, then one "Name (OID)" line per purpose; nothing else.
        const m = /\((\d+(?:\.\d+)+)\)\s*$/.exec(t);
        if (m) c.ekuProperty!.push(m[1]!);
        return;
      }
      if (section === 'san') {
        const m = /^(?:DNS Name|DNS 名称|DNS-Name|Nom DNS)\s*=\s*(.+)$/i.exec(t);
        if (m) {
          c.sanDns.push(m[1]!.trim());
          return;
        }
      }
      const lv = labelValue(line);
      if (!lv) {
        notRead(n, 'in a certificate block');
        return;
      }
      const field = fieldOf(lv.label);
      if (!field) {
        notRead(n, `label "${lv.label}"`);
        return;
      }
      const v = lv.value;
      switch (field) {
        case 'serial':
          if (c.serialNumber === null && v !== '')
            c.serialNumber = v.replace(/\s+/g, '').toLowerCase();
          break;
        case 'issuer':
        case 'subject':
          if (v !== '') c[field] = v;
          else pending = { field, parts: [], indent: lv.indent };
          break;
        case 'notbefore':
          setDate(c, 'Before', v, n);
          break;
        case 'notafter':
          setDate(c, 'After', v, n);
          break;
        case 'hash': {
          const hex = v.replace(/\s+/g, '').toLowerCase();
          if (/^[0-9a-f]{40}$/.test(hex)) c.thumbprint = hex;
          else
            issues.push(
              issue('invalid-value', `certificate hash "${v}" is not 40 hex digits`, { line: n }),
            );
          break;
        }
        case 'container':
          c.keyContainer ??= v.replace(/\s*\[[^\]]*\]\s*$/, '');
          break;
        case 'unique':
          c.uniqueContainerName ??= v;
          break;
        case 'simple':
          c.simpleContainerName ??= v;
          break;
        case 'provider':
          c.provider ??= v;
          break;
        case 'template':
          c.template ??= v;
          break;
        case 'keyspec':
          c.keySpec ??= v;
          break;
        case 'providertype': {
          const n = /^(\d+)\b/.exec(v);
          if (n) c.providerType ??= Number(n[1]);
          break;
        }
        case 'pubkeylen': {
          // EC keys print "Public Key Length: 0 bits" (real -dump sample): 0 says nothing.
          const bits = /(\d+)/.exec(v);
          if (bits && Number(bits[1]) > 0) c.publicKeyLength = Number(bits[1]);
          break;
        }
      }
    }
  });
  finish();
  const verbose = /CERT_KEY_PROV_INFO_PROP_ID|CERT_SHA1_HASH_PROP_ID|Signature Algorithm:/i.test(
    input.text,
  );
  readDates();
  if (verbose && unread.length > 0)
    issues.push(
      issue(
        'unrecognized-line',
        `${unread.length} line(s) of the verbose dump not read (lines ${unread
          .slice(0, 40)
          .map((u) => u.n)
          .join(', ')}${unread.length > 40 ? ', …' : ''})`,
        { line: unread[0]!.n },
        'info',
      ),
    );
  else
    for (const u of unread)
      issues.push(issue('unrecognized-line', `line not read (${u.why})`, { line: u.n }, 'info'));
  if (value.certificates.length === 0) {
    issues.push(
      issue('no-certificates', 'no certificate block in the certutil output', { line: 1 }),
    );
  }
  return { value, issues };
}

export const certutilParser: TextParser<CertutilValue, 'cert.certutil'> = {
  ...certutilRecognizer,
  describe: 'certutil -store / -v -store / -verifystore / -verify / -repairstore output',
  parse: parseCertutil,
};
