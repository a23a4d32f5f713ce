/** Recognising the collector's tcp-listeners JSON (light: see TextRecognizer in shared/parse.ts). */
import type { TextRecognizer } from '../shared/parse.js';

export const tcpListenersRecognizer: TextRecognizer<'net.tcp-listeners'> = {
  artifactId: 'net.tcp-listeners',
  input: 'text',
  fileName: /tcp-listeners.*\.json$/i,
  sniff: (head) => /"(LocalPort|OwningProcess)"\s*:/i.test(head),
};
