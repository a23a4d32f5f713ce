import { describe, expect, it } from 'vitest';
import { analyze } from '../analyze.js';
import { CERTIFICATE_INVENTORIES } from './inventories-certificates.js';

const sample = (name: string) => new URL(`../../samples/${name}/`, import.meta.url).pathname;
const table = CERTIFICATE_INVENTORIES[0]!;
const rows = async (name: string) => {
  const { facts } = await analyze([sample(name)]);
  return table.rows(facts).map((r) => table.columns.map((c) => c.cell(r)));
};

describe('certificate inventory', () => {
  it('shows the healthy certificate: bound, valid, usable key, trusted chain, serverAuth', async () => {
    const [row] = await rows('healthy');
    expect(row).toEqual([
      'www.contoso.com — My\\A3A24DDC3DB9C858165EB1AA0210D1732F4388C3',
      ['0.0.0.0:443', 'Default Web Site: https *:443:'],
      ['www.contoso.com', 'contoso.com'],
      expect.stringMatching(/^2025-06-01T00:00:00Z → 2028-06-01T00:00:00Z \(\d+ days left\)$/),
      'usable · Microsoft Software Key Storage Provider · SYSTEM: read',
      'trusted: CN=www.contoso.com → CN=tls-doctor Sample Issuing CA 1 → CN=tls-doctor Sample Root CA',
      'Server Authentication, Client Authentication',
      'RSA 2048 · sha256RSA',
    ]);
  });

  it('marks the broken parts of the scenario certificates', async () => {
    expect((await rows('s1-missing-private-key'))[0]?.[4]).toBe('⚠ none');
    expect((await rows('s2-untrusted-root'))[0]?.[5]).toBe(
      '⚠ untrusted root: CN=shop.fabrikam.com → CN=Fabrikam Private Root CA',
    );
    expect((await rows('s2-wrong-usage'))[0]?.[6]).toBe('⚠ Client Authentication');
    expect((await rows('s2-machinekeys-acl-system'))[0]?.[4]).toBe(
      '⚠ usable · Microsoft Software Key Storage Provider · SYSTEM: none',
    );
  });
});
