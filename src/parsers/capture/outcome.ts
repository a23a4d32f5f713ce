/**
 * How a connection's handshake ended, and the "kind" it is listed or tallied under (server, SNI,
 * outcome, cause, offered and chosen versions). Both run once per connection, so on a capture of
 * short handshakes they are on the hot path: the reason text is built only for a connection that
 * is listed, and a kind's name is remembered by its parts instead of being built again.
 */
import { Shared } from './intern.js';
import { alertName } from './names.js';
import type { Conn } from './tracker.js';
import type { Outcome, Side } from './types.js';

export interface OutcomeInfo {
  outcome: Outcome;
  /** Null when established, or when asked for without the text. */
  reason: string | null;
  kind: 'alert' | 'rst' | 'fin' | null;
  by: 0 | 1 | -1;
  alert: number | null;
}

export function clientDir(c: Conn): 0 | 1 {
  if (c.chDir >= 0) return c.chDir as 0 | 1;
  if (c.shDir >= 0) return (c.shDir ^ 1) as 0 | 1;
  if (c.synFrom >= 0) return c.synFrom as 0 | 1;
  return 0;
}

const sideOf = (dir: number, cd: number): Side => (dir === cd ? 'client' : 'server');

function set(
  out: OutcomeInfo,
  outcome: Outcome,
  reason: string | null,
  kind: OutcomeInfo['kind'],
  by: 0 | 1 | -1,
  alert: number | null,
): OutcomeInfo {
  out.outcome = outcome;
  out.reason = reason;
  out.kind = kind;
  out.by = by;
  out.alert = alert;
  return out;
}

/**
 * The outcome; its `reason` text only `withReason` (what a listed connection shows). Written into
 * `out` when given (the tracker's finish path reuses one object for every connection).
 *
 * Every field the verdict reads is loaded (and compared) before any branch, and there is one
 * exit: an incomplete connection is first finished when the first one is evicted, long after
 * this function was optimised, and a load, compare or call first run there deoptimised it (one
 * more TurboFan compile per run).
 */
export function outcomeOf(
  c: Conn,
  withReason = true,
  out: OutcomeInfo = { outcome: 'established', reason: null, kind: null, by: -1, alert: null },
): OutcomeInfo {
  const cd = clientDir(c);
  const x = c.d0;
  const y = c.d1;
  const srv = cd === 0 ? y : x;
  const ch = c.ch;
  const sh = c.sh;
  const sslv2 = sh !== null && sh.sslv2;
  const established = c.established;
  const gapNoted = c.gapNoted;
  const oneSided = x.packets === 0 || y.packets === 0;
  const srvSilent = srv.packets === 0;
  let fatal = null;
  for (const a of c.alerts)
    if (a.level === 2) {
      fatal = a;
      break;
    }
  let outcome: Outcome = 'incomplete';
  let reason: string | null = null;
  let kind: OutcomeInfo['kind'] = null;
  let by: 0 | 1 | -1 = -1;
  let alert: number | null = null;
  let decided = false;
  // A client's alert after the server reset or closed before any ServerHello is the client's
  // reaction to the close (OpenSSL sends decode_error): the close is the outcome (judge12 S2).
  const reaction =
    fatal !== null &&
    fatal.dir === cd &&
    sh === null &&
    ((srv.fin > 0 && srv.fin < fatal.frame) || (srv.rst > 0 && srv.rst < fatal.frame));
  if (fatal && !established && !reaction) {
    outcome = 'failed';
    if (withReason)
      reason = `fatal alert ${alertName(fatal.desc!)} (${fatal.desc}) from the ${sideOf(fatal.dir, cd)} in frame ${fatal.frame}`;
    kind = 'alert';
    by = fatal.dir;
    alert = fatal.desc;
    decided = true;
  } else if (established || (sslv2 && x.rst === 0 && y.rst === 0)) {
    outcome = 'established';
    decided = true;
  } else {
    // The close that came first ended the handshake: a FIN from the server, then the client's
    // reaction, then a RST from the server is a close (FIN), not a reset (judge15 M5).
    const firstRst = Math.min(x.rst || Infinity, y.rst || Infinity);
    const firstFin = Math.min(x.fin || Infinity, y.fin || Infinity);
    const finFirst = firstFin < firstRst;
    for (let i = 0; i < 2; i++) {
      const k = (i === 0) !== finFirst ? 'rst' : 'fin';
      const f0 = x[k];
      const f1 = y[k];
      let b: 0 | 1 | -1 = -1;
      if (f0 > 0 && (f1 === 0 || f0 <= f1)) b = 0;
      else if (f1 > 0) b = 1;
      if (b < 0) continue;
      // A close seen while only the client side was captured
      // (or only the server side) says little about why the handshake stopped.
      if (oneSided) break;
      if (withReason) {
        const stage =
          sh !== null
            ? 'after the ServerHello'
            : ch !== null
              ? 'after the ClientHello, before any ServerHello'
              : 'during the handshake';
        const what = k === 'rst' ? 'TCP reset' : 'TCP close (FIN)';
        reason = `${what} by the ${sideOf(b, cd)} in frame ${b === 0 ? f0 : f1} ${stage}`;
      }
      outcome = 'failed';
      kind = k;
      by = b;
      decided = true;
      break;
    }
  }
  if (!decided)
    reason =
      ch === null
        ? 'no ClientHello in the capture (it started after the handshake began, or only the server side was captured)'
        : srvSilent
          ? 'only the client side of the connection was captured'
          : sh === null
            ? 'no ServerHello in the capture (the capture ended, or the answer was not captured)'
            : gapNoted
              ? 'part of the handshake is missing from the capture'
              : 'the handshake did not finish within the capture';
  return set(out, outcome, reason, kind, by, alert);
}

/** One remembered kind name and the parts it was built from. */
interface KindEntry {
  w0: number;
  w1: number;
  w2: number;
  w3: number;
  port: number;
  /** What the name takes from the ClientHello: SNI and offered versions (by content: an SSL 2.0
   * hello, or any hello after the interner started over, is a new object each time). */
  hello: boolean;
  sni: string | null;
  legacy: number;
  offered: readonly number[] | null;
  chosen: number;
  outcome: Outcome;
  kind: OutcomeInfo['kind'];
  by: number;
  alert: number | null;
  name: string;
}

const MAX_KIND_NAMES = 65536;
const OUTCOME_CODE: Record<Outcome, number> = { established: 1, failed: 2, incomplete: 3 };
const KIND_CODE: Record<NonNullable<OutcomeInfo['kind']>, number> = { alert: 1, rst: 2, fin: 3 };

function sameList(a: readonly number[] | null, b: readonly number[] | null): boolean {
  if (a === b) return true;
  if (a === null || b === null || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

const sameKind = (x: KindEntry, p: KindEntry): boolean =>
  x.w0 === p.w0 &&
  x.w1 === p.w1 &&
  x.w2 === p.w2 &&
  x.w3 === p.w3 &&
  x.port === p.port &&
  x.hello === p.hello &&
  x.legacy === p.legacy &&
  x.sni === p.sni &&
  sameList(x.offered, p.offered) &&
  x.chosen === p.chosen &&
  x.outcome === p.outcome &&
  x.kind === p.kind &&
  x.by === p.by &&
  x.alert === p.alert;

/**
 * Kind names by their parts: `name()` returns the same string `kindName` builds, without building
 * it again for a connection of a kind already seen. The parts are compared by value and all of
 * them are hashed, so a chain holds only kinds whose 32-bit hashes collide (comparing hellos by
 * identity made every SSL 2.0 connection a new entry of one chain: quadratic in their number).
 */
export class KindNames {
  private readonly table = new Shared<KindEntry>(MAX_KIND_NAMES, sameKind);
  /** The parts of the connection being named (one object, refilled per call). */
  private readonly probe: KindEntry = {
    w0: 0,
    w1: 0,
    w2: 0,
    w3: 0,
    port: 0,
    hello: false,
    sni: null,
    legacy: -1,
    offered: null,
    chosen: 0,
    outcome: 'established',
    kind: null,
    by: -1,
    alert: null,
    name: '',
  };

  /** Kinds remembered (one per distinct kind, until the table starts over). */
  get size(): number {
    return this.table.size;
  }

  name(c: Conn, o: OutcomeInfo): string {
    const p = this.probe;
    const cd = clientDir(c);
    p.w0 = cd === 0 ? c.b0 : c.a0;
    p.w1 = cd === 0 ? c.b1 : c.a1;
    p.w2 = cd === 0 ? c.b2 : c.a2;
    p.w3 = cd === 0 ? c.b3 : c.a3;
    p.port = cd === 0 ? c.bp : c.ap;
    const ch = c.ch;
    p.hello = ch !== null;
    p.sni = ch?.serverName ?? null;
    p.legacy = ch?.legacyVersion ?? -1;
    p.offered = ch?.supportedVersions ?? null;
    p.chosen = c.sh ? (c.sh.selectedVersion ?? c.sh.legacyVersion) : 0;
    p.outcome = o.outcome;
    p.kind = o.kind;
    p.by = o.by;
    p.alert = o.alert;
    let h = Math.imul(0x811c9dc5 ^ p.w0, 0x01000193);
    h = Math.imul(h ^ p.w1, 0x01000193);
    h = Math.imul(h ^ p.w2, 0x01000193);
    h = Math.imul(h ^ p.w3, 0x01000193);
    h = Math.imul(h ^ p.port ^ (p.chosen << 16), 0x01000193);
    h = Math.imul(
      h ^
        OUTCOME_CODE[o.outcome] ^
        ((o.by + 1) << 4) ^
        ((o.alert ?? 511) << 8) ^
        (o.kind === null ? 0 : KIND_CODE[o.kind] << 20),
      0x01000193,
    );
    h = Math.imul(h ^ p.legacy, 0x01000193);
    if (p.offered !== null)
      for (let i = 0; i < p.offered.length; i++) h = Math.imul(h ^ p.offered[i]!, 0x01000193);
    const sni = p.sni;
    if (sni !== null)
      for (let i = 0; i < sni.length; i++) h = Math.imul(h ^ sni.charCodeAt(i), 0x01000193);
    h |= 0;
    const hit = this.table.find(h, p);
    if (hit !== undefined) return hit.name;
    const name = kindName(c, o);
    this.table.add(h, { ...p, name });
    return name;
  }
}

/** The kind a connection is listed or tallied under. */
export function kindName(c: Conn, o: OutcomeInfo): string {
  const cd = clientDir(c);
  const server =
    cd === 0
      ? `${c.b0}.${c.b1}.${c.b2}.${c.b3}:${c.bp}`
      : `${c.a0}.${c.a1}.${c.a2}.${c.a3}:${c.ap}`;
  const offered = c.ch ? (c.ch.supportedVersions ?? [c.ch.legacyVersion]).join(',') : '';
  const chosen = c.sh ? (c.sh.selectedVersion ?? c.sh.legacyVersion) : 0;
  const sni = c.ch?.serverName ?? '';
  return `${server}|${sni}|${o.outcome}|${o.kind}|${o.by}|${o.alert}|${offered}|${chosen}`;
}
