/**
 * The SCHANNEL protocol key names Schannel reads (`…\SCHANNEL\Protocols\<name>\Server|Client`,
 * Microsoft "TLS registry settings"), in version order: one list for the policy that reads the
 * real keys (protocol-policy.ts) and the check that names misspelt ones (protocol-keys.ts). It is
 * a module of its own because protocol-policy.ts imports protocol-keys.ts.
 */
import type { SchannelProtocol } from './model.js';

export const PROTOCOLS: readonly SchannelProtocol[] = [
  'SSL 2.0',
  'SSL 3.0',
  'TLS 1.0',
  'TLS 1.1',
  'TLS 1.2',
  'TLS 1.3',
  'DTLS 1.0',
  'DTLS 1.2',
];
