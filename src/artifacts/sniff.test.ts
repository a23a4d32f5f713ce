/**
 * Recognition by content (issue 17 point 1): for every sample beside a parser, under a name that
 * says nothing, the best-ranked candidate is the parser's own artifact; every sniff answers a
 * score in 0 … 1. The pasted fragments of samples/pasted are checked end to end by pasted.test.ts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { BundleFile } from '../bundle/open.js';
import { sniffValue } from '../shared/parse.js';
import { candidatesFor } from './load.js';
import { PARSERS } from './parsers.js';

const dir = new URL('../parsers/', import.meta.url);
const OWNER: Record<string, string[]> = {
  'appcmd-sites': ['iis.appcmd-sites'],
  'appcmd-sites-config': ['iis.appcmd-sites-config'],
  'redirection-config': ['iis.redirection'],
  'get-website': ['iis.appcmd-sites'],
  applicationhost: ['iis.config'],
  'cert-file': ['cert.files'],
  'cert-store': ['cert.store'],
  'cert-powershell': ['cert.store'],
  'certutil-store': ['cert.certutil'],
  'event-text': ['events.schannel', 'events.httpevent'],
  'event-xml': ['events.schannel', 'events.capi2'],
  icacls: ['cert.machinekeys-acl'],
  'netsh-iplisten': ['httpsys.iplisten'],
  'netsh-sslcert': ['httpsys.sslcert'],
  netstat: ['net.netstat'],
  reg: [
    'httpsys.registry',
    'schannel.registry',
    'dotnet.registry',
    'schannel.cipher-policy',
    'schannel.fips-policy',
    'iis.version',
  ],
  tasklist: ['net.processes'],
  'tcp-listeners': ['net.tcp-listeners'],
  'tcp-connection-table': ['net.tcp-listeners'],
  's-client': ['capture.pcap'],
  'tls-cipher-suite': ['schannel.cipher-suites'],
  'tls-ecc-curve': ['schannel.ecc-curves'],
  'w3c-log': ['logs.httperr', 'logs.iis-w3c'],
};
const samples = readdirSync(dir)
  .filter((n) => n.includes('.sample.'))
  .map((n) => ({ name: n, owner: OWNER[n.split('.sample.')[0]!] }))
  .filter((s): s is { name: string; owner: string[] } => s.owner !== undefined);

function asFile(bytes: Buffer): BundleFile {
  return {
    path: 'paste.dat',
    size: bytes.length,
    read: () => bytes,
    chunks: function* (n = 65536) {
      for (let i = 0; i < bytes.length; i += n) yield bytes.subarray(i, i + n);
    },
  };
}

describe('recognition by content', () => {
  it('covers the samples of every parser family', () => {
    expect(new Set(samples.map((s) => s.name.split('.sample.')[0])).size).toBe(
      Object.keys(OWNER).length,
    );
  });

  it.each(samples.map((s) => [s.name, s.owner] as const))(
    '%s ranks its own artifact first by content alone',
    (name, owner) => {
      const ranked = candidatesFor(asFile(readFileSync(new URL(name, dir))));
      expect(
        ranked[0]?.parser.artifactId,
        ranked.map((c) => `${c.parser.artifactId} ${c.score}`).join(', '),
      ).toBeOneOf(owner);
      expect(ranked[0]!.score).toBeGreaterThan(0);
    },
  );

  it('every sniff answers a score between 0 and 1 on every sample', () => {
    for (const s of samples) {
      const bytes = readFileSync(new URL(s.name, dir));
      for (const p of PARSERS) {
        const raw =
          p.input === 'binary'
            ? p.sniff(bytes.subarray(0, 8192))
            : p.sniff(bytes.subarray(0, 8192).toString('utf8'));
        const v = sniffValue(raw);
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(1);
      }
    }
  });
});
