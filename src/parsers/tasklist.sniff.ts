/** Recognising tasklist output (light: see TextRecognizer in shared/parse.ts). */
import { SNIFF, hitScore, type TextRecognizer } from '../shared/parse.js';
import { countMatching, sniffLines } from './text-cleanup.js';

/** A process row for sniffing: `image.exe  1234 …`, or the fixed first rows (System Idle Process, System). */
export const ROW_SHAPE =
  /^(?:\S.*?\.exe|System Idle Process|System|Registry|Secure System|Memory Compression)\s+\d{1,7}(?:\s+\S.*)?$/i;

export const tasklistRecognizer: TextRecognizer<'net.processes'> = {
  artifactId: 'net.processes',
  input: 'text',
  fileName: /tasklist/i,
  sniff: (head) => {
    const lines = sniffLines(head);
    if (lines.some((l) => /^"[^"]*","PID",/.test(l) || /^=+ =+ =+/.test(l))) return SNIFF.sure;
    const csv = countMatching(lines, /^"[^"]*","\d+",/);
    if (csv > 0) return hitScore(csv + 1);
    return hitScore(countMatching(lines, ROW_SHAPE));
  },
};
