// Chain building over many look-alike CA certificates (issue 22): indexed and bounded.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeCertificate, type X509Summary } from '../parsers/cert-file.js';
import { dnKey } from '../shared/x509-names.js';
import { ChainBuilder, chainNodeOf, MAX_CANDIDATES, type ChainNode } from './certificate-chain.js';

const der = (name: string): Buffer =>
  readFileSync(new URL(`../../scripts/certs/out/${name}.cer`, import.meta.url));
const x509 = (name: string): X509Summary =>
  decodeCertificate(der(name), { artifactId: 'cert.files', path: `${name}.cer` });

const node = chainNodeOf;

describe('facts: certificate chain building', () => {
  it('bounds 1,000 broken leaves against 1,000 CA certificates of one subject (each pair checked once)', () => {
    const leaf = x509('server-good');
    const ca = x509('issuing-ca');
    // 1,000 CA certificates with the issuer's subject and key id but the wrong key (another
    // CA's DER under the issuer's name): every signature check fails, as with broken leaves.
    const wrong = x509('private-root-ca');
    const cas: ChainNode[] = [];
    for (let i = 0; i < 1000; i++) {
      const n = node(wrong, ['CA'], `ca${String(i).padStart(38, '0')}`);
      cas.push({
        ...n,
        subject: ca.subject,
        subjectKey: dnKey(ca.subject),
        subjectKeyId: ca.subjectKeyId,
        selfIssued: false,
      });
    }
    const leaves: ChainNode[] = [];
    for (let i = 0; i < 1000; i++)
      leaves.push(node(leaf, ['My'], `lf${String(i).padStart(38, '0')}`));
    const builder = new ChainBuilder([...cas, ...leaves], true);
    const results = leaves.map((l) => builder.build(l, 'My'));
    expect(results.every((r) => r.status === 'incomplete')).toBe(true);
    expect(results[0]!.candidatesSkipped).toBe(1000 - MAX_CANDIDATES);
    // At most MAX_CANDIDATES signature checks per leaf, never one per CA certificate.
    expect(builder.verifications).toBeLessThanOrEqual(1000 * MAX_CANDIDATES);
    // (Wall time is measured by the bench, not here: this machine's CPU is shared.)
  }, 20_000);

  it('links by name when one side has no DER, and checks the signature when both have it', () => {
    const leaf = x509('server-good');
    const ca = x509('issuing-ca');
    const root = x509('root-ca');
    const nameOnly = (x: X509Summary, stores: string[]): ChainNode => ({
      ...node(x, stores),
      x509: null,
      subjectKeyId: null,
      authorityKeyId: null,
    });
    const b = new ChainBuilder(
      [node(leaf, ['My']), nameOnly(ca, ['CA']), nameOnly(root, ['Root'])],
      true,
    );
    const r = b.build(node(leaf, ['My']), 'My');
    expect(r).toMatchObject({ status: 'trusted', byName: true, rootStore: 'Root' });
    const none = new ChainBuilder([node(leaf, ['My'])], false).build(node(leaf, ['My']), 'My');
    expect(none.status).toBe('unknown');
  });

  it('prefers the issuer the chain engine would: a self-signed root in Root, then a time-valid one', () => {
    const leaf = node(x509('server-good'), ['My']);
    const ca = { ...node(x509('issuing-ca'), ['CA']), valid: true };
    const caExpired = { ...node(x509('issuing-ca-expired'), ['CA']), valid: false };
    const root = { ...node(x509('root-ca'), ['Root']), valid: true };
    const cross = { ...node(x509('root-ca-cross'), ['CA']), valid: false };
    const b = new ChainBuilder([caExpired, ca, cross, root, leaf], true);
    const r = b.build(leaf, 'My');
    expect(r.status).toBe('trusted');
    expect(r.byName).toBe(false);
    expect(r.path.map((p) => p.thumbprint)).toEqual([
      leaf.thumbprint,
      ca.thumbprint,
      root.thumbprint,
    ]);
    // What an expired or cross-signed certificate could be replaced by: same subject and key id.
    expect(b.alternatives(caExpired).map((n) => n.thumbprint)).toEqual([ca.thumbprint]);
    expect(b.alternatives(cross).map((n) => n.thumbprint)).toEqual([root.thumbprint]);
    // With only the expired intermediate, the chain goes through it (nothing better exists).
    const only = new ChainBuilder([caExpired, root, leaf], true).build(leaf, 'My');
    expect(only.path[1]!.thumbprint).toBe(caExpired.thumbprint);
  });

  it('takes an intermediate seen only on the wire and says so', () => {
    const leaf = node(x509('server-good'), []);
    const wire = { ...node(x509('issuing-ca'), []), onWire: true };
    const root = node(x509('root-ca'), ['Root']);
    const r = new ChainBuilder([leaf, wire, root], true).build(leaf, 'capture');
    expect(r.status).toBe('trusted');
    expect(r.viaWire).toEqual([{ subject: wire.subject, thumbprint: wire.thumbprint }]);
    expect(r.path[1]!.store).toBe('capture');
    expect(r.reason).toContain('was sent by the server on the wire');
  });
});
