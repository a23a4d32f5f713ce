/** Recognising Get-Acl SDDL of the machine key folders (light: see TextRecognizer in shared/parse.ts). */
import { SNIFF, type TextRecognizer } from '../shared/parse.js';

export const machineKeysSddlRecognizer: TextRecognizer<'cert.machinekeys-sddl'> = {
  artifactId: 'cert.machinekeys-sddl',
  input: 'text',
  fileName: /sddl/i,
  // An "Sddl" property holding a descriptor is this; a file ACL of the key folders is sure.
  sniff: (head) =>
    /"Sddl"\s*:\s*"[OGD]:/i.test(head)
      ? /Crypto\\\\(RSA\\\\MachineKeys|Keys)/i.test(head)
        ? SNIFF.sure
        : SNIFF.likely
      : 0,
};
