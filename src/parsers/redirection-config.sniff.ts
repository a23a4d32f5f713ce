/** Recognising IIS redirection.config (light: see TextRecognizer in shared/parse.ts). */
import { SNIFF, type TextRecognizer } from '../shared/parse.js';

export const ELEMENT = /<configurationRedirection\b([^>]*)\/?>/i;

export const redirectionConfigRecognizer: TextRecognizer<'iis.redirection'> = {
  artifactId: 'iis.redirection',
  input: 'text',
  fileName: /redirection\.config$/i,
  sniff: (head) => (ELEMENT.test(head) ? SNIFF.sure : 0),
};
