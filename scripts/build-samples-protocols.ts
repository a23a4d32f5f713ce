/**
 * Writes the SCHANNEL registry exports of the protocol samples, as `reg export` does (UTF-16LE):
 * - samples/s5-protocol-mismatch/registry/schannel.reg: seed scenario 5, a Server 2019 whose
 *   Server side allows only TLS 1.0 (TLS 1.1 and 1.2 Server Enabled=0), matching the capture
 *   recorded by scripts/make-s5-capture.sh (a TLS 1.0-only server);
 * - samples/healthy/registry/schannel.reg: a hardened server (TLS 1.2 on, SSL 2.0/3.0 and
 *   TLS 1.0/1.1 off on both sides) that must not yield a protocol finding.
 *   npx tsx scripts/build-samples-protocols.ts && npx tsx scripts/samples-manifest.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { regFileBytes, type RegKeyOut } from './lib/reg-writer.js';
import { checkModeGate } from './lib/check-builder.js';

// --check: rebuild in a scratch copy and compare with the committed output (scripts/README.md).
checkModeGate(import.meta.url);

const SCHANNEL =
  'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL';
const dw = (value: number) => ({ type: 'dword' as const, value });

function protocol(
  name: string,
  side: 'Server' | 'Client',
  enabled: number,
  disabledByDefault: number,
): RegKeyOut[] {
  return [
    { path: `${SCHANNEL}\\Protocols\\${name}`, values: {} },
    {
      path: `${SCHANNEL}\\Protocols\\${name}\\${side}`,
      values: { Enabled: dw(enabled), DisabledByDefault: dw(disabledByDefault) },
    },
  ];
}

const base: RegKeyOut[] = [
  { path: SCHANNEL, values: {} },
  { path: `${SCHANNEL}\\Ciphers`, values: {} },
  { path: `${SCHANNEL}\\CipherSuites`, values: {} },
  { path: `${SCHANNEL}\\Hashes`, values: {} },
  { path: `${SCHANNEL}\\KeyExchangeAlgorithms`, values: {} },
  { path: `${SCHANNEL}\\Protocols`, values: {} },
  { path: `${SCHANNEL}\\Protocols\\SSL 2.0`, values: {} },
  { path: `${SCHANNEL}\\Protocols\\SSL 2.0\\Client`, values: { DisabledByDefault: dw(1) } },
];

/** Merges repeated keys and orders them as `reg export` does (parents first, alphabetical). */
function normalize(keys: RegKeyOut[]): RegKeyOut[] {
  const byPath = new Map<string, RegKeyOut>();
  for (const k of keys) {
    const had = byPath.get(k.path);
    byPath.set(k.path, { path: k.path, values: { ...had?.values, ...k.values } });
  }
  return [...byPath.values()].sort((a, b) =>
    a.path.toLowerCase() < b.path.toLowerCase() ? -1 : 1,
  );
}

const write = (sample: string, keys: RegKeyOut[]) => {
  const dir = new URL(`../samples/${sample}/registry/`, import.meta.url);
  mkdirSync(dir, { recursive: true });
  writeFileSync(new URL('schannel.reg', dir), regFileBytes(normalize(keys)));
};

// Scenario 5: someone "hardened" the wrong way round — TLS 1.1 and 1.2 Server disabled.
write('s5-protocol-mismatch', [
  ...base,
  ...protocol('TLS 1.1', 'Server', 0, 1),
  ...protocol('TLS 1.2', 'Server', 0, 1),
]);

// Healthy: TLS 1.2 only, legacy protocols off on both sides.
write('healthy', [
  ...base,
  { path: `${SCHANNEL}\\Ciphers\\RC4 128/128`, values: { Enabled: dw(0) } },
  { path: `${SCHANNEL}\\Ciphers\\Triple DES 168`, values: { Enabled: dw(0) } },
  ...['SSL 2.0', 'SSL 3.0', 'TLS 1.0', 'TLS 1.1'].flatMap((p) => [
    ...protocol(p, 'Server', 0, 1),
    ...protocol(p, 'Client', 0, 1).slice(1),
  ]),
  ...protocol('TLS 1.2', 'Server', 1, 0),
  ...protocol('TLS 1.2', 'Client', 1, 0).slice(1),
]);
console.log('schannel.reg written for s5-protocol-mismatch and healthy');
