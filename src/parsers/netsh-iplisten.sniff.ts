/** Recognising netsh http show iplisten output (light: see TextRecognizer in shared/parse.ts). */
import { SNIFF, type TextRecognizer } from '../shared/parse.js';

export const netshIplistenRecognizer: TextRecognizer<'httpsys.iplisten'> = {
  artifactId: 'httpsys.iplisten',
  input: 'text',
  fileName: /iplisten/i,
  // Only the title tells a list of addresses from any other: without it, 0.
  sniff: (head) =>
    /IP addresses present in the IP listen list|IP 侦听列表/i.test(head) ? SNIFF.sure : 0,
};
