/** Recognising netsh http show servicestate output (light: see TextRecognizer in shared/parse.ts). */
import { SNIFF, hitScore, type TextRecognizer } from '../shared/parse.js';
import { countMatching, sniffLines } from './text-cleanup.js';

export const netshServicestateRecognizer: TextRecognizer<'httpsys.servicestate'> = {
  artifactId: 'httpsys.servicestate',
  input: 'text',
  fileName: /servicestate/i,
  sniff: (head) => {
    if (/Snapshot of HTTP service state/i.test(head)) return SNIFF.sure;
    const lines = sniffLines(head);
    return hitScore(
      countMatching(
        lines,
        /^(Server session ID|URL group ID|Request queue name|Controller process ID|Number of active processes attached)\s*:/i,
      ),
    );
  },
};
