/** Recognising installed-update listings (QFE CSV, Get-HotFix table) (light: see TextRecognizer in shared/parse.ts). */
import { SNIFF, hitScore, type TextRecognizer } from '../shared/parse.js';
import { countMatching, sniffLines } from './text-cleanup.js';

export const HEADER = /^\s*(?:Source\s+)?Description\s+HotFixID\s+InstalledBy\s+InstalledOn\b/i;

/** A CSV header naming HotFixID (the collector's, or `Get-HotFix | ConvertTo-Csv`). */
export const CSV_HEADER = /(?:^|,)\s*"?HotFixID"?\s*(?:,|$)/i;

export const hotfixRecognizer: TextRecognizer<'system.hotfixes'> = {
  artifactId: 'system.hotfixes',
  input: 'text',
  fileName: /hotfix|qfe/i,
  sniff: (head) => {
    const lines = sniffLines(head);
    if (lines.some((l) => HEADER.test(l) || CSV_HEADER.test(l))) return SNIFF.sure;
    return hitScore(countMatching(lines, /\s(?:KB|Q)\d{5,8}\s.*\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}/i));
  },
};
