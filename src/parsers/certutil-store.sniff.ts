/** Recognising certutil output (light: see TextRecognizer in shared/parse.ts). */
import { SNIFF, type TextRecognizer } from '../shared/parse.js';
import { BLOCK, fieldOf, labelValue, VERIFY_ELEMENT } from './certutil/labels.js';
import { sniffLines } from './text-cleanup.js';

export const certutilRecognizer: TextRecognizer<'cert.certutil'> = {
  artifactId: 'cert.certutil',
  input: 'text',
  fileName: /certutil/i,
  sniff(head: string): number {
    const lines = sniffLines(head);
    if (lines.some((l) => BLOCK.test(l) || /^CertUtil:\s*-(\w*store|verify)\b/i.test(l)))
      return SNIFF.sure;
    // `certutil -verify`: its chain elements (the status line may be past the sniffed head).
    if (lines.some((l) => VERIFY_ELEMENT.test(l))) return SNIFF.sure;
    // `certutil -dump file.cer`: its `X509 Certificate:` title and a serial number.
    if (
      lines.some((l) => /^X509 Certificate\s*:$/i.test(l)) &&
      lines.some((l) => /^Serial Number\s*:/i.test(l))
    )
      return SNIFF.likely + 0.1;
    // Fragments (`certutil -dump`, a pasted block without its banner): the `(sha1)` hash line and
    // certificate labels in any locale of the table.
    let hash = 0;
    let labels = 0;
    for (const l of lines) {
      const lv = labelValue(l);
      const f = lv ? fieldOf(lv.label) : undefined;
      if (f === 'hash') hash++;
      else if (
        f === 'serial' ||
        f === 'issuer' ||
        f === 'subject' ||
        f === 'notafter' ||
        f === 'container'
      )
        labels++;
    }
    if (hash > 0) return labels > 0 ? SNIFF.likely + 0.1 : SNIFF.fragment + 0.1;
    return labels >= 3 ? SNIFF.fragment : 0;
  },
};
