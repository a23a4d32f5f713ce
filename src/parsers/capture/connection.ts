/**
 * A finished connection (./tracker.ts `Conn`) as the parse result's `TlsConnection`: names for the
 * protocol numbers, certificate summaries and the evidence excerpt. Built only for a connection
 * that is listed or that represents a tallied kind (a few thousand per capture, whatever its size).
 *
 * Written as several small functions rather than one: V8's optimizing compiler took ~0.4 s of CPU
 * per compile for the single 230-line function (twice per run, after a deopt), a third of the
 * capture parser's CPU time on a 1 GB capture; small functions compile in a few ms each.
 */
import type { EvidenceRef } from '../../shared/evidence.js';
import { issue, type ParseIssue } from '../../shared/parse.js';
import { formatAddress } from './clients.js';
import type { Conn } from './conn.js';
import {
  alertName,
  cipherSuiteName,
  extensionName,
  groupName,
  isGrease,
  signatureSchemeName,
  sslv2CipherSpecName,
  versionName,
  versionRank,
} from './names.js';
import { clientDir, type OutcomeInfo } from './outcome.js';
import type { RawClientHello, RawServerHello } from './tls.js';
import type {
  AlertInfo,
  CaptureIssueCode,
  ClientHelloInfo,
  ServerHelloInfo,
  Side,
  TlsConnection,
  WireCertificate,
} from './types.js';
import { summarizeCertificate } from './x509.js';

/** ISO time, or null when the capture's timestamp is missing or outside what a Date can hold. */
export function isoTime(ms: number): string | null {
  return Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : null;
}

const endpoint = (addr: string, port: number, v6: boolean): string =>
  v6 ? `[${addr}]:${port}` : `${addr}:${port}`;

const sideOf = (dir: number, cd: number): Side => (dir === cd ? 'client' : 'server');

const nz = (n: number): number | null => (n === 0 ? null : n);

/** What a ClientHello's listing takes from the hello alone: the same for every connection that
 * sent it (hellos are shared, ./intern.ts), so built once per hello, not per listed connection
 * (its name lists were most of the listing's allocations and TurboFan compile time). The arrays
 * are shared by those connections' listings, as `cipherSuiteCodes` and `alpn` already were. */
type HelloNames = Pick<
  ClientHelloInfo,
  | 'legacyVersion'
  | 'versions'
  | 'maxVersion'
  | 'cipherSuites'
  | 'signatureAlgorithms'
  | 'groups'
  | 'extensions'
  | 'grease'
>;
const helloNames = new WeakMap<RawClientHello, HelloNames>();

function namesOf(ch: RawClientHello): HelloNames {
  return helloNames.get(ch) ?? nameHello(ch);
}

/** A hello's names, built once per hello (a function of its own, called for a few dozen
 * hellos: the optimized `clientHelloInfo` then does not carry its name-list loops). */
function nameHello(ch: RawClientHello): HelloNames {
  const offered = (ch.supportedVersions ?? [ch.legacyVersion]).filter((v) => !isGrease(v));
  const max = offered.reduce(
    (m, v) => (versionRank(v) > versionRank(m) ? v : m),
    offered[0] ?? ch.legacyVersion,
  );
  const names: HelloNames = {
    legacyVersion: versionName(ch.legacyVersion),
    versions: offered.map(versionName),
    maxVersion: versionName(max),
    cipherSuites: ch.cipherSuites.map(ch.sslv2 ? sslv2CipherSpecName : cipherSuiteName),
    signatureAlgorithms: ch.signatureAlgorithms.map(signatureSchemeName),
    groups: ch.groups.map(groupName),
    extensions: ch.extensions.map(extensionName),
    grease:
      ch.cipherSuites.some(isGrease) ||
      ch.extensions.some(isGrease) ||
      (ch.supportedVersions ?? []).some(isGrease),
  };
  helloNames.set(ch, names);
  return names;
}

function clientHelloInfo(c: Conn, ch: RawClientHello): ClientHelloInfo {
  const n = namesOf(ch);
  return {
    frame: c.chFrame,
    sslv2Format: ch.sslv2,
    recordVersion: ch.sslv2 ? null : versionName(c.chRecordVersion),
    legacyVersion: n.legacyVersion,
    legacyVersionCode: ch.legacyVersion,
    versions: n.versions,
    supportedVersionCodes: ch.supportedVersions,
    maxVersion: n.maxVersion,
    serverName: ch.serverName,
    cipherSuites: n.cipherSuites,
    cipherSuiteCodes: ch.cipherSuites,
    alpn: ch.alpn,
    signatureAlgorithms: n.signatureAlgorithms,
    groups: n.groups,
    extensions: n.extensions,
    grease: n.grease,
  };
}

function serverHelloInfo(c: Conn, sh: RawServerHello): ServerHelloInfo {
  const v = sh.sslv2 ? 0x0002 : (sh.selectedVersion ?? sh.legacyVersion);
  return {
    frame: c.shFrame,
    sslv2Format: sh.sslv2,
    version: versionName(v),
    versionCode: v,
    legacyVersion: versionName(sh.legacyVersion),
    cipherSuite:
      sh.cipherSuite === null
        ? null
        : sh.sslv2
          ? sslv2CipherSpecName(sh.cipherSuite)
          : cipherSuiteName(sh.cipherSuite),
    cipherSuiteCode: sh.cipherSuite,
    alpn: sh.alpn,
    extensions: sh.extensions.map(extensionName),
  };
}

function wireCertificates(
  c: Conn,
  addIssue: (i: ParseIssue<CaptureIssueCode>) => void,
): WireCertificate[] {
  const out: WireCertificate[] = [];
  for (let index = 0; index < c.certs.length; index++) {
    const x = c.certs[index]!;
    const s = summarizeCertificate(x.der);
    if (s.error !== null)
      addIssue(
        issue(
          'certificate-unparsable',
          `Certificate ${index} sent in frame ${x.frame} could not be parsed: ${s.error}`,
          { frame: x.frame },
        ),
      );
    out.push({
      index,
      subject: s.subject,
      issuer: s.issuer,
      sha1: s.sha1,
      notBefore: s.notBefore,
      notAfter: s.notAfter,
      serialNumber: s.serialNumber,
      subjectAltName: s.subjectAltName,
      sanDns: s.sanDns,
      sanIp: s.sanIp,
      derBase64: s.derBase64,
      frame: x.frame,
    });
  }
  return out;
}

function alertInfos(c: Conn, cd: number): AlertInfo[] {
  const out: AlertInfo[] = [];
  for (const al of c.alerts)
    out.push({
      from: sideOf(al.dir, cd),
      level:
        al.level === null
          ? 'encrypted'
          : al.level === 1
            ? 'warning'
            : al.level === 2
              ? 'fatal'
              : 'unknown',
      levelCode: al.level,
      description: al.desc === null ? null : alertName(al.desc),
      descriptionCode: al.desc,
      frame: al.frame,
    });
  return out;
}

/** The frames the excerpt names, with one line each, in frame order (stable). */
class Lines {
  readonly frames: number[] = [];
  readonly lines: string[] = [];
  add(frame: number, text: string): void {
    this.frames.push(frame);
    this.lines.push(`frame ${frame}: ${text}`);
  }
}

function evidenceLines(
  c: Conn,
  cd: number,
  clientHello: ClientHelloInfo | null,
  serverHello: ServerHelloInfo | null,
  alerts: AlertInfo[],
  plain: string[] | null,
): Lines {
  const l = new Lines();
  if (clientHello)
    l.add(
      clientHello.frame,
      `ClientHello ${clientHello.versions.join('/')}${clientHello.serverName ? `, SNI ${clientHello.serverName}` : ''}, ${clientHello.cipherSuites.length} cipher suites`,
    );
  if (c.hrr) l.add(c.hrrFrame, 'HelloRetryRequest');
  if (serverHello)
    l.add(
      serverHello.frame,
      `ServerHello ${serverHello.version}, ${serverHello.cipherSuite ?? '?'}${serverHello.alpn ? `, ALPN ${serverHello.alpn}` : ''}`,
    );
  if (c.certRequestFrame) l.add(c.certRequestFrame, 'CertificateRequest from the server');
  if (c.clientCertFrame)
    l.add(
      c.clientCertFrame,
      c.clientCertCount === 0
        ? 'Certificate from the client: empty (no client certificate)'
        : `Certificate from the client: ${c.clientCertCount < 0 ? 'malformed' : `${c.clientCertCount} certificate(s)`}`,
    );
  for (const al of alerts)
    l.add(
      al.frame,
      al.level === 'encrypted'
        ? `encrypted alert from the ${al.from}`
        : `alert ${al.level} ${al.description} from the ${al.from}`,
    );
  if (plain) l.add(c.plainReplyFrame, `plain HTTP from the server (not TLS): ${plain.join(' | ')}`);
  const cdir = c.d[cd]!;
  const sdir = c.d[cd ^ 1]!;
  if (cdir.rst) l.add(cdir.rst, 'TCP RST from the client');
  if (sdir.rst) l.add(sdir.rst, 'TCP RST from the server');
  if (cdir.fin) l.add(cdir.fin, 'TCP FIN from the client');
  if (sdir.fin) l.add(sdir.fin, 'TCP FIN from the server');
  return l;
}

function evidenceOf(
  ctx: { artifactId: string; path: string },
  l: Lines,
  client: string,
  server: string,
): EvidenceRef {
  // Line numbers sorted by frame (stable: a frame's lines keep their order). Pairs made by
  // `map` and sorted were 'wrong map' for the optimized `toConnection`, which then ran
  // unoptimized for the rest of the listing.
  const f = l.frames;
  const order: number[] = [];
  for (let i = 0; i < f.length; i++) order.push(i);
  order.sort((x, y) => f[x]! - f[y]!);
  const frames: number[] = [];
  const lines: string[] = [];
  for (const i of order) {
    if (frames.length === 0 || frames[frames.length - 1] !== f[i]) frames.push(f[i]!);
    lines.push(l.lines[i]!);
  }
  return {
    ...ctx,
    frames,
    excerpt: `${client} → ${server}\n${lines.join('\n')}`,
    label: 'capture',
  };
}

export function toConnection(
  c: Conn,
  o: OutcomeInfo,
  ctx: { artifactId: string; path: string },
  addIssue: (i: ParseIssue<CaptureIssueCode>) => void,
): TlsConnection {
  const cd = clientDir(c);
  const a = formatAddress(c.v6, c.a0, c.a1, c.a2, c.a3);
  const b = formatAddress(c.v6, c.b0, c.b1, c.b2, c.b3);
  const clientAddress = cd === 0 ? a : b;
  const clientPort = cd === 0 ? c.ap : c.bp;
  const serverAddress = cd === 0 ? b : a;
  const serverPort = cd === 0 ? c.bp : c.ap;
  const clientHello = c.ch === null ? null : clientHelloInfo(c, c.ch);
  const serverHello = c.sh === null ? null : serverHelloInfo(c, c.sh);
  const certificates = wireCertificates(c, addIssue);
  const alerts = alertInfos(c, cd);
  const cdir = c.d[cd]!;
  const sdir = c.d[cd ^ 1]!;
  const plain = c.plainReply?.split('\n') ?? null;
  const client = endpoint(clientAddress, clientPort, c.v6);
  const server = endpoint(serverAddress, serverPort, c.v6);
  const evidence = evidenceOf(
    ctx,
    evidenceLines(c, cd, clientHello, serverHello, alerts, plain),
    client,
    server,
  );
  return {
    client,
    server,
    clientAddress,
    clientPort,
    serverAddress,
    serverPort,
    rolesFrom: c.chDir >= 0 ? 'client-hello' : 'server-hello',
    firstFrame: c.firstFrame,
    lastFrame: c.lastFrame,
    firstSeen: isoTime(c.firstTs),
    synSeen: c.synFrom >= 0,
    clientHello,
    clientHelloCount: c.chCount,
    helloRetryRequest: c.hrr
      ? {
          frame: c.hrrFrame,
          version: c.hrr.selectedVersion === null ? null : versionName(c.hrr.selectedVersion),
          cipherSuite: c.hrr.cipherSuite === null ? null : cipherSuiteName(c.hrr.cipherSuite),
          group: c.hrr.keyShareGroup === null ? null : groupName(c.hrr.keyShareGroup),
        }
      : null,
    serverHello,
    certificates,
    clientAuth: {
      requestFrame: nz(c.certRequestFrame),
      certificateFrame: nz(c.clientCertFrame),
      certificates: c.clientCertFrame ? c.clientCertCount : null,
    },
    alerts,
    changeCipherSpec: { client: nz(cdir.ccs), server: nz(sdir.ccs) },
    applicationData: { client: nz(cdir.app), server: nz(sdir.app) },
    fin: { client: nz(cdir.fin), server: nz(sdir.fin) },
    rst: { client: nz(cdir.rst), server: nz(sdir.rst) },
    outcome: o.outcome,
    reason: o.reason,
    failureKind: o.kind,
    failureBy: o.by < 0 ? null : sideOf(o.by, cd),
    failureAlert: o.alert === null ? null : alertName(o.alert),
    plainHttpReply: plain
      ? { frame: c.plainReplyFrame, statusLine: plain[0]!, server: plain[1] ?? null }
      : null,
    evidence,
  };
}
