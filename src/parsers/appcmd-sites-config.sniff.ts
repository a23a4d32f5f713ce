/** Recognising `appcmd list site /config /xml` output (light: see TextRecognizer in shared/parse.ts). */
import { SNIFF, type TextRecognizer } from '../shared/parse.js';

export const appcmdSitesConfigRecognizer: TextRecognizer<'iis.appcmd-sites-config'> = {
  artifactId: 'iis.appcmd-sites-config',
  input: 'text',
  fileName: /appcmd-list-site-config\.xml$/i,
  sniff: (head) =>
    /<appcmd[\s>]/.test(head) && /<SITE\s[^>]*SITE\.NAME\s*=/.test(head)
      ? /<site\s/.test(head)
        ? SNIFF.sure
        : SNIFF.likely
      : 0,
};
