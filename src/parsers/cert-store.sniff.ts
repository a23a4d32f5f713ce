/** Recognising the collector's store.json (light: see TextRecognizer in shared/parse.ts). */
import type { TextRecognizer } from '../shared/parse.js';

export const certStoreRecognizer: TextRecognizer<'cert.store'> = {
  artifactId: 'cert.store',
  input: 'text',
  fileName: /(^|\/)store\.json$/i,
  sniff(head: string): boolean {
    return /"Thumbprint"\s*:/i.test(head) && /"(NotAfter|HasPrivateKey|Subject)"\s*:/i.test(head);
  },
};
