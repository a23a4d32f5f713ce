/**
 * Chain building over a hostile certificate pool (issue 22): 1,000 server certificates whose
 * issuer matches 1,000 CA certificates of one subject, none of which signed them (every signature
 * check fails), built the way buildCertificates does (one ChainBuilder per bundle).
 *
 *   npx tsx bench/chain-building.ts [leaves] [cas]
 *
 * Prints wall time, signature checks and candidates skipped; results go to docs/benchmarks.md.
 */
import { readFileSync } from 'node:fs';
import { decodeCertificate, type X509Summary } from '../src/parsers/cert-file.js';
import { ChainBuilder, chainNodeOf, type ChainNode } from '../src/facts/certificate-chain.js';
import { dnKey } from '../src/shared/x509-names.js';

const leaves = Number(process.argv[2] ?? 1000);
const cas = Number(process.argv[3] ?? 1000);
const x509 = (name: string): X509Summary =>
  decodeCertificate(readFileSync(new URL(`../scripts/certs/out/${name}.cer`, import.meta.url)), {
    artifactId: 'cert.files',
    path: `${name}.cer`,
  });
const leaf = x509('server-good');
const issuer = x509('issuing-ca');
const wrongKey = x509('private-root-ca');
const node = (x: X509Summary, thumbprint: string, stores: string[]) =>
  chainNodeOf(x, stores, thumbprint);
const pool: ChainNode[] = [];
for (let i = 0; i < cas; i++) {
  const n = node(wrongKey, `ca${String(i).padStart(38, '0')}`, ['CA']);
  pool.push({
    ...n,
    subject: issuer.subject,
    subjectKey: dnKey(issuer.subject),
    subjectKeyId: issuer.subjectKeyId,
    selfIssued: false,
  });
}
const servers: ChainNode[] = [];
for (let i = 0; i < leaves; i++)
  servers.push(node(leaf, `lf${String(i).padStart(38, '0')}`, ['My']));
const started = performance.now();
const builder = new ChainBuilder([...pool, ...servers], true);
let skipped = 0;
const outcomes = new Map<string, number>();
for (const s of servers) {
  const r = builder.build(s, 'My');
  skipped += r.candidatesSkipped;
  outcomes.set(r.status, (outcomes.get(r.status) ?? 0) + 1);
}
const ms = performance.now() - started;
console.log(
  JSON.stringify({
    leaves,
    cas,
    ms: Math.round(ms),
    signatureChecks: builder.verifications,
    candidatesSkipped: skipped,
    outcomes: Object.fromEntries(outcomes),
    node: process.version,
  }),
);
