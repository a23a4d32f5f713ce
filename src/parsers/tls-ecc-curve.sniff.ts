/** Recognising Get-TlsEccCurve output (light: see TextRecognizer in shared/parse.ts). */
import { hitScore, type TextRecognizer } from '../shared/parse.js';
import { countMatching, sniffLines } from './text-cleanup.js';

/** CNG / Schannel curve names (case as Windows prints them, compared case-insensitively). */
export const CURVE =
  /^(curve25519|curve448|NistP(192|224|256|384|521)|brainpoolP\d{3}[rt]1|secP\d{3}[rk]1|x962P\d{3}v\d|numsP\d{3}t1|wap[a-z0-9]*)$/i;

export const tlsEccCurveRecognizer: TextRecognizer<'schannel.ecc-curves'> = {
  artifactId: 'schannel.ecc-curves',
  input: 'text',
  fileName: /ecc-?curve/i,
  sniff: (head) => {
    const lines = sniffLines(head);
    const hits = countMatching(lines, CURVE);
    // Only curve names: a short list is still the whole output of the cmdlet.
    return hits > 0 && hits === Math.min(lines.length, 10) ? hitScore(Math.max(hits, 3)) : 0;
  },
};
