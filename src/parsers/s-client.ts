/**
 * `openssl s_client -connect host:443 -servername host -showcerts` as a terminal shows it
 * (artifact `capture.pcap`, beside the packet captures: it is the client's view of one
 * handshake; judge7 M6). OpenSSL 3 prints (stderr and stdout interleaved):
 *
 *   depth=0 C = US, O = Contoso Ltd, CN = www.contoso.com        ← the client's chain check
 *   verify error:num=20:unable to get local issuer certificate
 *   CONNECTED(00000003)
 *   Certificate chain                                            ← what the server sent, in order
 *    0 s:C = US, O = Contoso Ltd, CN = www.contoso.com
 *      i:C = US, O = tls-doctor samples, CN = tls-doctor Sample Issuing CA 1
 *   -----BEGIN CERTIFICATE----- … -----END CERTIFICATE-----      ← with -showcerts, each of them
 *   New, TLSv1.2, Cipher is ECDHE-RSA-AES256-GCM-SHA384
 *       Protocol  : TLSv1.2
 *       Verify return code: 21 (unable to verify the first certificate)
 *
 * Read: the certificates of the "Certificate chain" section in wire order (decoded from their
 * PEM blocks; without -showcerts only the leaf's PEM follows "Server certificate" and the chain is
 * the ` N s:` lines, so the count is known but only the leaf is decoded), the negotiated protocol
 * and cipher, the final `Verify return code`, the `verify error:num=` lines with their depth.
 * Several runs in one file (a new command echo or CONNECTED line) are read one by one.
 * Known variations: OpenSSL 1.1 prints `depth=0 CN = …` the same way and `Protocol  : TLSv1.2`
 * under SSL-Session; a handshake that failed prints `no peer certificate available` and
 * `Cipher is (NONE)`; Markdown fences, mail quoting and prompts around it.
 * The certificates become certificates seen on the wire (src/facts/certificate/gather.ts), the
 * verify code a client's verdict on the chain; no handshake rule reads this text (the frames,
 * offered suites and alerts are a capture's).
 */
import { createHash } from 'node:crypto';
import { lineEvidence, type EvidenceRef } from '../shared/evidence.js';
import {
  ParseError,
  issue,
  type ParseIssue,
  type ParseResult,
  type TextInput,
  type TextParser,
} from '../shared/parse.js';
import { decodeCertificate, type X509Summary } from './cert-file.js';
import { isFence, unquote } from './text-cleanup.js';
import { CHAIN_SUBJECT, CONNECTED, VERIFY_CODE, VERIFY_ERROR } from './s-client.sniff.js';
import { sClientRecognizer } from './sniffs.js';

export type SClientIssueCode =
  'empty-input' | 'certificate-unparsable' | 'truncated' | 'limit-exceeded';

export interface SClientCertificate {
  /** Position in the Certificate message (0 = the leaf). */
  index: number;
  /** The ` N s:` line as printed (OpenSSL's order: `C = US, O = …, CN = …`). */
  subjectText: string | null;
  issuerText: string | null;
  /** Decoded from the PEM block; null when none was printed (no -showcerts) or it did not parse. */
  x509: X509Summary | null;
  /** SHA-1 of the DER (the Windows thumbprint), lower-case; null without a PEM block. */
  sha1: string | null;
  evidence: EvidenceRef;
}

export interface SClientRun {
  /** The `-connect` argument of the echoed command, when the file has it. */
  connect: string | null;
  serverName: string | null;
  /** The handshake finished (a protocol and a cipher other than (NONE) were negotiated). */
  established: boolean;
  /** `TLS 1.2` style (the capture's naming), null when not printed or (NONE). */
  protocol: string | null;
  /** OpenSSL's cipher name (`ECDHE-RSA-AES256-GCM-SHA384`, `TLS_AES_256_GCM_SHA384`). */
  cipher: string | null;
  /** The final `Verify return code: N (text)`. */
  verifyCode: number | null;
  verifyText: string | null;
  /** `verify error:num=N:text` lines with the depth printed above them. */
  verifyErrors: { depth: number | null; code: number; text: string; line: number }[];
  /** SSL-Session `Start Time:` (seconds since 1970) as ISO time: when the handshake ran. */
  startTime: string | null;
  /** The server's Certificate message in wire order ([] when the server sent none). */
  certificates: SClientCertificate[];
  evidence: EvidenceRef;
}

/** An s_client value among a capture artifact's values. */
export function isSClient(v: object): v is SClientValue {
  return (v as Partial<SClientValue>).kind === 'openssl-s_client';
}

export interface SClientValue {
  kind: 'openssl-s_client';
  runs: SClientRun[];
}

const MAX_RUNS = 100;
const MAX_CERTS = 20;
const COMMAND = /\bs_client\b/;
const DEPTH = /^depth=(\d+)\s/;
const CHAIN_ISSUER = /^i:(.*)$/;
const NEW = /^(?:New|Reused), (TLSv1(?:\.[0-3])?|SSLv3|\(NONE\)), Cipher is (\S+)$/;
const PROTOCOL = /^Protocol\s*:\s*(\S+)$/;
const CIPHER = /^Cipher\s*:\s*(\S+)$/;
const BEGIN = /^-----BEGIN CERTIFICATE-----$/;
const END = /^-----END CERTIFICATE-----$/;

/** `TLSv1.2` → `TLS 1.2`, `TLSv1` → `TLS 1.0`, `SSLv3` → `SSL 3.0`; null for `(NONE)`. */
export function protocolName(p: string): string | null {
  if (p === 'TLSv1') return 'TLS 1.0';
  const m = /^TLSv(1\.[0-3])$/.exec(p);
  if (m) return `TLS ${m[1]}`;
  return p === 'SSLv3' ? 'SSL 3.0' : null;
}

function parseSClient(input: TextInput): ParseResult<SClientValue, SClientIssueCode> {
  const issues: ParseIssue<SClientIssueCode>[] = [];
  const lines = input.lines.map((l) => (isFence(l) ? '' : unquote(l).trim()));
  const runs: SClientRun[] = [];
  let run: (SClientRun & { start: number; end: number; connected: boolean }) | null = null;
  let inChain = false;
  let depth: number | null = null;
  let pem: { start: number; body: string[]; target: SClientCertificate | 'server' } | null = null;

  const open = (start: number): typeof run => {
    if (run) close();
    if (runs.length >= MAX_RUNS) return null;
    return {
      connect: null,
      serverName: null,
      established: false,
      protocol: null,
      cipher: null,
      verifyCode: null,
      verifyText: null,
      verifyErrors: [],
      startTime: null,
      certificates: [],
      evidence: lineEvidence(input, start, start),
      start,
      end: start,
      connected: false,
    };
  };
  const close = (): void => {
    if (!run) return;
    const { start, end, connected: _c, ...r } = run;
    r.evidence = lineEvidence(input, start, end);
    if (_c || r.certificates.length > 0 || r.verifyCode !== null) runs.push(r);
    run = null;
    inChain = false;
  };
  const decode = (body: string[], start: number, end: number): X509Summary | null => {
    const der = Buffer.from(body.join(''), 'base64');
    try {
      return decodeCertificate(der, lineEvidence(input, start, end));
    } catch (e) {
      issues.push(
        issue('certificate-unparsable', `PEM block: ${(e as Error).message}`, { line: start }),
      );
      return null;
    }
  };

  for (let i = 0; i < lines.length; i++) {
    const n = i + 1;
    const l = lines[i]!;
    if (pem) {
      if (END.test(l)) {
        const x = decode(pem.body, pem.start, n);
        const cert =
          pem.target === 'server'
            ? (run?.certificates[0] ?? null)
            : (pem.target as SClientCertificate);
        if (cert && x && cert.x509 === null) {
          cert.x509 = x;
          cert.sha1 = createHash('sha1').update(Buffer.from(x.derBase64, 'base64')).digest('hex');
          cert.evidence = lineEvidence(input, cert.evidence.lines?.start ?? pem.start, n);
        }
        pem = null;
      } else if (l === '') {
        // A paste that doubled the line breaks: the block goes on.
      } else if (/^[A-Za-z0-9+/=]+$/.test(l)) pem.body.push(l);
      else {
        issues.push(issue('truncated', 'a PEM block ends before its END line', { line: n }));
        pem = null;
      }
      if (run) run.end = n;
      continue;
    }
    if (l === '') continue;
    if (COMMAND.test(l) && /-connect\b/.test(l)) {
      run = open(n);
      if (!run) break;
      run.connect = /-connect\s+(\S+)/.exec(l)?.[1] ?? null;
      run.serverName = /-servername\s+(\S+)/.exec(l)?.[1] ?? null;
      depth = null;
      continue;
    }
    const dm = DEPTH.exec(l);
    if (dm) {
      // Verify lines after a finished run start the next one (a second s_client without its command).
      if (!run || run.verifyCode !== null) {
        run = open(n);
        if (!run) break;
      }
      depth = Number(dm[1]);
      run.end = n;
      continue;
    }
    if (CONNECTED.test(l)) {
      if (!run || run.connected) {
        run = open(n);
        if (!run) break;
      }
      run.connected = true;
      run.end = n;
      continue;
    }
    if (!run) continue;
    const ve = VERIFY_ERROR.exec(l);
    if (ve) {
      run.verifyErrors.push({ depth, code: Number(ve[1]), text: ve[2]!.trim(), line: n });
      run.end = n;
      continue;
    }
    if (l === 'Certificate chain') {
      inChain = true;
      run.end = n;
      continue;
    }
    if (l === '---') {
      inChain = false;
      continue;
    }
    const cs = CHAIN_SUBJECT.exec(l);
    if (inChain && cs) {
      if (run.certificates.length >= MAX_CERTS) {
        issues.push(
          issue('limit-exceeded', `more than ${MAX_CERTS} chain certificates`, { line: n }),
        );
        continue;
      }
      run.certificates.push({
        index: Number(cs[1]),
        subjectText: cs[2]!.trim(),
        issuerText: null,
        x509: null,
        sha1: null,
        evidence: lineEvidence(input, n, n),
      });
      run.end = n;
      continue;
    }
    const ci = CHAIN_ISSUER.exec(l);
    if (inChain && ci && run.certificates.length > 0) {
      run.certificates[run.certificates.length - 1]!.issuerText = ci[1]!.trim();
      run.end = n;
      continue;
    }
    if (BEGIN.test(l)) {
      // In the chain section the block belongs to the last ` N s:` line; after "Server
      // certificate" (no -showcerts) to the leaf.
      const last = run.certificates[run.certificates.length - 1];
      pem = { start: n, body: [], target: inChain && last ? last : 'server' };
      run.end = n;
      continue;
    }
    const nw = NEW.exec(l);
    if (nw) {
      run.protocol = protocolName(nw[1]!);
      run.cipher = nw[2] === '(NONE)' ? null : nw[2]!;
      run.end = n;
      continue;
    }
    const pr = PROTOCOL.exec(l);
    if (pr) {
      run.protocol ??= protocolName(pr[1]!);
      run.end = n;
      continue;
    }
    const cp = CIPHER.exec(l);
    if (cp) {
      if (cp[1] !== '0000' && cp[1] !== '(NONE)') run.cipher ??= cp[1]!;
      run.end = n;
      continue;
    }
    const vc = VERIFY_CODE.exec(l);
    if (vc) {
      run.verifyCode = Number(vc[1]);
      run.verifyText = vc[2]!.trim();
      run.end = n;
      continue;
    }
    const st = /^Start Time:\s*(\d{9,11})$/.exec(l);
    if (st) {
      run.startTime = new Date(Number(st[1]) * 1000).toISOString();
      run.end = n;
      continue;
    }
    if (l === 'DONE') run.end = n;
  }
  if (pem !== null) issues.push(issue('truncated', 'the file ends inside a PEM block', {}));
  close();
  for (const r of runs) r.established = r.protocol !== null && r.cipher !== null;
  if (runs.length === 0)
    throw new ParseError('empty-input', 'no openssl s_client run (CONNECTED / Certificate chain)');
  return { value: { kind: 'openssl-s_client', runs }, issues };
}

export const sClientParser: TextParser<SClientValue, 'capture.pcap'> = {
  ...sClientRecognizer,
  describe: 'openssl s_client -showcerts output: the chain a server sent and the verify result',
  parse: parseSClient,
};
