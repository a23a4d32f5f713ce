/** Recognising IIS Centralized Certificate Store evidence (light: see TextRecognizer in shared/parse.ts). */
import { SNIFF, type TextRecognizer } from '../shared/parse.js';
import { sniffLines } from './text-cleanup.js';

export const ccsRecognizer: TextRecognizer<'iis.ccs'> = {
  artifactId: 'iis.ccs',
  input: 'text',
  fileName: /central-?cert|ccs/i,
  sniff: (head) => {
    if (/^\s*\{/.test(head) && /"CertStoreLocation"|"listing"\s*:/i.test(head)) return SNIFF.sure;
    const lines = sniffLines(head);
    if (lines.some((l) => /\\IIS\\CentralCertProvider\b/i.test(l))) return SNIFF.likely;
    return 0;
  },
};
