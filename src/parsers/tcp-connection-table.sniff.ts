/** Recognising a Get-NetTCPConnection console table or list (light: see TextRecognizer in shared/parse.ts). */
import { SNIFF, hitScore, type TextRecognizer } from '../shared/parse.js';
import { countMatching, sniffLines } from './text-cleanup.js';

export const TCP_HEADER = /^LocalAddress\s+LocalPort\b/i;

/** A default-view row without its header (`0.0.0.0 443 0.0.0.0 0 Listen 5812`). */
export const BARE_ROW = /^\S+\s+\d{1,5}\s+\S+\s+\d{1,5}\s+[A-Za-z]\w*\s+(?:[A-Za-z]+\s+)?\d+$/;

export const tcpConnectionTableRecognizer: TextRecognizer<'net.tcp-listeners'> = {
  artifactId: 'net.tcp-listeners',
  input: 'text',
  sniff: (head) => {
    const lines = sniffLines(head);
    if (lines.some((l) => TCP_HEADER.test(l) && /\bOwningProcess\b/i.test(l))) return SNIFF.sure;
    if (lines.some((l) => TCP_HEADER.test(l))) return SNIFF.likely;
    const listed = countMatching(lines, /^(LocalAddress|LocalPort|OwningProcess)\s*:/i);
    if (listed >= 2) return SNIFF.likely;
    return Math.min(hitScore(countMatching(lines, BARE_ROW)), SNIFF.likely);
  },
};
