/** Recognising w32tm /query /status output (light: see TextRecognizer in shared/parse.ts). */
import { SNIFF, type TextRecognizer } from '../shared/parse.js';
import { countMatching, sniffLines } from './text-cleanup.js';

export const ERROR_LINE = /\((0x[0-9a-f]{8})\)\s*\.?\s*$/i;

export const W32TM_LINE =
  /^(Leap Indicator|Stratum|Root Dispersion|ReferenceId|Last Successful Sync Time|Poll Interval|Phase Offset|State Machine|Time Source Flags|Last Sync Error)\s*:/i;

export const w32tmRecognizer: TextRecognizer<'time.w32tm'> = {
  artifactId: 'time.w32tm',
  input: 'text',
  fileName: /w32tm/i,
  sniff: (head) => {
    const lines = sniffLines(head);
    if (lines.some((l) => /^Leap Indicator\s*:\s*\d/i.test(l))) return SNIFF.sure;
    if (lines.some((l) => ERROR_LINE.test(l) && /w32tm|time service|0x80070426/i.test(l)))
      return SNIFF.likely;
    const hits = countMatching(lines, W32TM_LINE);
    return hits >= 3 ? SNIFF.likely : hits > 0 ? SNIFF.fragment : 0;
  },
};
