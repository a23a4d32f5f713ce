/** Recognising netstat output (light: see TextRecognizer in shared/parse.ts). */
import { SNIFF, hitScore, type TextRecognizer } from '../shared/parse.js';
import { countMatching, markdownTableRow, sniffLines } from './text-cleanup.js';
import type { NetstatValue } from './netstat.js';

export const HEADER_LANG: [RegExp, NetstatValue['language']][] = [
  [/^Active Connections$/i, 'en'],
  [/^Proto\s+Local Address\s+Foreign Address/i, 'en'],
  [/^活动连接$/, 'zh-CN'],
  [/^协议\s+本地地址\s+外部地址/, 'zh-CN'],
  [/^Aktive Verbindungen$/i, 'de-DE'],
  [/^Proto\s+Lokale Adresse\s+Remoteadresse/i, 'de-DE'],
];

/** Other header lines (other locales) recognised only to skip them quietly. */
export const OTHER_HEADER =
  /^(Proto\s+\S+|Connexions actives|Conexiones activas|Conexões ativas|Connessioni attive|アクティブな接続|作用中連線)/i;

/** A full row shape for sniffing: proto, two endpoints, optional state and PID. */
export const ROW_SHAPE =
  /^(TCP|UDP)(?:v6)?\s+(\[[0-9a-f:.%\w]+\]|[\d.]+|\*|[\w.-]+):(\d+|\*)\s+\S+:(\d+|\*)(\s+\S+){0,3}$/i;

export const netstatRecognizer: TextRecognizer<'net.netstat'> = {
  artifactId: 'net.netstat',
  input: 'text',
  fileName: /netstat/i,
  sniff: (head) => {
    const lines = sniffLines(head).map(markdownTableRow);
    const rows = countMatching(lines, ROW_SHAPE);
    if (rows === 0) return 0;
    // A header with rows is netstat for sure; rows alone (`netstat -ano | findstr 443`) by count.
    const header = lines.some(
      (l) => HEADER_LANG.some(([re]) => re.test(l)) || OTHER_HEADER.test(l),
    );
    return header ? SNIFF.sure : Math.min(hitScore(rows) + 0.1, SNIFF.sure);
  },
};
