/** Recognising Get-TlsCipherSuite output (light: see TextRecognizer in shared/parse.ts). */
import { SNIFF, hitScore, type TextRecognizer } from '../shared/parse.js';
import { countMatching, sniffLines } from './text-cleanup.js';

export const SUITE_TOKEN = /\b(?:TLS|SSL)_[A-Z0-9_]{4,}\b/;

export const tlsCipherSuiteRecognizer: TextRecognizer<'schannel.cipher-suites'> = {
  artifactId: 'schannel.cipher-suites',
  input: 'text',
  fileName: /ciphersuite|cipher-suites/i,
  sniff: (head) => {
    const lines = sniffLines(head);
    // The list view's field names only this cmdlet prints together.
    if (countMatching(lines, /^(BaseCipherSuite|MaximumExchangeLength|CipherBlockLength)\s*:/) > 0)
      return SNIFF.sure;
    const names = countMatching(lines, /^(TLS|SSL)_[A-Z0-9_]{4,}$/);
    const rows = countMatching(lines, SUITE_TOKEN);
    // Bare names or table rows; a reg export's "Functions" line is one line with commas.
    if (lines.some((l) => /^"?Functions"?\s*=/.test(l))) return 0;
    return names > 0 ? hitScore(names) : rows >= 3 ? hitScore(rows) - 0.1 : 0;
  },
};
