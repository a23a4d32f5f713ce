/** Recognising netsh http show urlacl output (light: see TextRecognizer in shared/parse.ts). */
import { SNIFF, hitScore, type TextRecognizer } from '../shared/parse.js';
import { countMatching, sniffLines } from './text-cleanup.js';

export const netshUrlaclRecognizer: TextRecognizer<'httpsys.urlacl'> = {
  artifactId: 'httpsys.urlacl',
  input: 'text',
  fileName: /urlacl/i,
  sniff: (head) => {
    const lines = sniffLines(head);
    if (countMatching(lines, /^Reserved URL\s*:\s*https?:\/\//i) > 0) return SNIFF.sure;
    // Translated labels: a URL prefix value followed somewhere by an SDDL value.
    const urls = countMatching(lines, /^[^:]{2,40}:\s*https?:\/\/(\+|\*|[^/\s]+:\d+)/i);
    const sddl = countMatching(lines, /^SDDL\s*:\s*D:/i);
    return urls > 0 && sddl > 0 ? hitScore(urls + sddl) : 0;
  },
};
