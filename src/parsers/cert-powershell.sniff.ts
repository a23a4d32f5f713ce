/** Recognising a PowerShell Cert:\ listing (light: see TextRecognizer in shared/parse.ts). */
import type { TextRecognizer } from '../shared/parse.js';

export const certPowerShellRecognizer: TextRecognizer<'cert.store'> = {
  artifactId: 'cert.store',
  input: 'text',
  sniff(head: string): boolean {
    return (
      /PSParentPath\s*:\s*Microsoft\.PowerShell\.Security\\Certificate::/i.test(head) ||
      // `[ \t]*`, not `\s*`: under /m, `^\s*` retried from every line of a head of empty lines
      // took 2 s on 8 KiB (fuzz campaign).
      (/^[ \t]*Thumbprint[ \t]+Subject\b/im.test(head) && /^[ \t]*-{10}[ \t]+-{7}/m.test(head)) ||
      // `| select Subject,Thumbprint,HasPrivateKey` and other column orders (bounded: linear).
      (/^[ \t]*(?:[A-Za-z]{2,20}[ \t]+){1,6}Thumbprint\b/im.test(head) &&
        /^[ \t]*-{5,}[ \t]+-{5,}/m.test(head)) ||
      (/^[ \t]*Thumbprint[ \t]*:[ \t]*[0-9A-F]{40}[ \t\r]*$/im.test(head) &&
        /^[ \t]*Subject[ \t]*:/im.test(head)) ||
      // ConvertTo-Csv: a quoted header naming Thumbprint, then a quoted 40-hex cell.
      (/^[ \t]*"(?:[A-Za-z]{2,40}",")*Thumbprint"/im.test(head) &&
        /,"[0-9A-Fa-f]{40}"(,|[ \t\r]*$)|^[ \t]*"[0-9A-Fa-f]{40}",/m.test(head))
    );
  },
};
