/** Recognising a Get-Website / Get-IISSite table (light: see TextRecognizer in shared/parse.ts). */
import { SNIFF, type TextRecognizer } from '../shared/parse.js';
import { sniffLines } from './text-cleanup.js';

export const HEADER = /^Name\s+ID\s+State\s+Physical\s*Path\s+Bindings$/i;

export const getWebsiteRecognizer: TextRecognizer<'iis.appcmd-sites'> = {
  artifactId: 'iis.appcmd-sites',
  input: 'text',
  fileName: /(get-?website|get-?iissite|iis-?sites)/i,
  sniff: (head) => (sniffLines(head).some((l) => HEADER.test(l)) ? SNIFF.sure : 0),
};
