/** Recognising `appcmd list site` output (light: see TextRecognizer in shared/parse.ts). */
import { SNIFF, type TextRecognizer } from '../shared/parse.js';

export const appcmdSitesRecognizer: TextRecognizer<'iis.appcmd-sites'> = {
  artifactId: 'iis.appcmd-sites',
  input: 'text',
  fileName: /appcmd.*site/i,
  // `SITE "name" (id:…` lines: nothing else prints them; one is already likely.
  sniff: (head) =>
    /^[ \t]*(?:>[ \t]*)?SITE[ \t]+"[^"]*"[ \t]+\(id:\d+/m.test(head) ? SNIFF.sure : 0,
};
