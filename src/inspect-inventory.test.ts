/**
 * `tls-doctor inspect` shows every record read (issue 17 point 4), under facts.inventory: on a
 * tasklist, an icacls listing, a .reg fragment and an applicationHost fragment of samples/pasted,
 * each record of the file appears with its fields and evidence line, whether or not a rule entity
 * was built from it.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Inventory } from './facts/model.js';

const root = new URL('..', import.meta.url).pathname;
const TSX = pathToFileURL(join(root, 'node_modules/tsx/dist/loader.mjs')).href;
const pasted = (name: string) => join(root, 'samples/pasted', name);
const parserSample = (name: string) => join(root, 'src/parsers', name);

function inspect(file: string): { facts: { inventory: Inventory; listeners: unknown[] } } {
  const r = spawnSync(
    process.execPath,
    ['--import', TSX, join(root, 'src/cli.ts'), 'inspect', file],
    {
      encoding: 'utf8',
      timeout: 60_000,
    },
  );
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as { facts: { inventory: Inventory; listeners: unknown[] } };
}

describe('inspect shows everything read', { timeout: 60_000 }, () => {
  it('every process of a tasklist /svc, with services, listener or not', () => {
    const name = 'tasklist-svc-en-winxp-broken-separator.txt';
    const { facts } = inspect(pasted(name));
    const rows = readFileSync(pasted(name), 'utf8')
      .split('\n')
      .filter((l) => /^\S.*\s\d+ \S/.test(l) && !/^Image Name/.test(l));
    expect(facts.inventory.processes).toHaveLength(rows.length);
    expect(facts.inventory.processes.find((p) => p.pid === 584)).toMatchObject({
      imageName: 'lsass.exe',
      services: ['Netlogon', 'PolicyAgent', 'ProtectedStorage'],
      sessionName: null,
      listeners: [],
      evidence: [{ lines: { start: 10, end: 10 } }],
    });
    expect(facts.inventory.processes.find((p) => p.pid === 816)!.services).toContain('WZCSVC');
  });

  it('every ACL path with every entry: account, rights as printed and as a list, inherited', () => {
    const { facts } = inspect(
      pasted('icacls-en-hacktricks-relative-path-integrity-label-processed-file.txt'),
    );
    expect(facts.inventory.acls).toHaveLength(1);
    expect(facts.inventory.acls[0]).toMatchObject({ path: 'asd.txt', certificates: [] });
    expect(
      facts.inventory.acls[0]!.entries.map((e) => [e.account, e.rights, e.rightsList, e.inherited]),
    ).toEqual([
      ['BUILTIN\\Administrators', '(I)(F)', ['F'], true],
      ['DESKTOP-IDJHTKP\\user', '(I)(F)', ['F'], true],
      ['NT AUTHORITY\\SYSTEM', '(I)(F)', ['F'], true],
      ['NT AUTHORITY\\INTERACTIVE', '(I)(M,DC)', ['M', 'DC'], true],
      ['NT AUTHORITY\\SERVICE', '(I)(M,DC)', ['M', 'DC'], true],
      ['NT AUTHORITY\\BATCH', '(I)(M,DC)', ['M', 'DC'], true],
      ['Mandatory Label\\High Mandatory Level', '(NW)', ['NW'], false],
    ]);
    expect(facts.inventory.acls[0]!.entries[6]).toMatchObject({
      integrity: 'High',
      evidence: { lines: { start: 12 } },
    });
  });

  it('every registry value of a .reg fragment: keyPath, name, type, value', () => {
    const name = 'reg-schannel-iiscrypto-header-removed-bullets-synthetic.txt';
    const { facts } = inspect(pasted(name));
    const valueLines = readFileSync(pasted(name), 'utf8')
      .split('\n')
      .filter((l) => /^- "/.test(l));
    const values = facts.inventory.registryValues.filter((v) => v.name !== null);
    // The export opens some keys twice (Enabled, then DisabledByDefault): every line is a value.
    expect(values).toHaveLength(valueLines.length);
    expect(values.every((v) => v.area === 'schannel' || v.area === 'cipher-policy')).toBe(true);
    expect(values).toContainEqual(
      expect.objectContaining({
        keyPath:
          'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.3\\Server',
        name: 'Enabled',
        type: 'dword',
        value: 0,
      }),
    );
  });

  it('every IIS site and binding of an applicationHost fragment, any protocol, with its parts', () => {
    const { facts } = inspect(
      pasted('applicationhost-en-iisexpress-readme-site-fragment-indented.txt'),
    );
    expect(facts.inventory.sites).toHaveLength(1);
    const site = facts.inventory.sites[0]!;
    expect(site).toMatchObject({
      source: 'IIS Express applicationhost.config',
      name: 'MvcApplication18',
      id: 39,
    });
    // IIS Express's site (its pool and 44302 on localhost): listed, but no rule entity judges it.
    expect(site.site).toBeNull();
    expect(
      site.bindings.map((b) => [b.protocol, b.bindingInformation, b.address, b.port, b.host]),
    ).toEqual([
      ['http', '*:15408:localhost', '*', 15408, 'localhost'],
      ['https', '*:44302:localhost', '*', 44302, 'localhost'],
      ['http', '*:80:hanselman-w500', '*', 80, 'hanselman-w500'],
      ['https', '*:443:hanselman-w500', '*', 443, 'hanselman-w500'],
    ]);
    expect(site.bindings.map((b) => b.iisBinding)).toEqual([null, null, null, null]);
  });

  it.each([
    ['w3c-log.sample.en-httperr-logjoint-three-runs-ipv6.txt', 'logs.httperr'],
    ['w3c-log.sample.en-iis75-logjoint-webdav-ipv6.txt', 'logs.iis-w3c'],
  ])('every record of an HTTP.sys / IIS log (%s), field by field with its line', (name, id) => {
    const file = parserSample(name);
    const { facts } = inspect(file);
    expect(facts.inventory.logs).toHaveLength(1);
    const log = facts.inventory.logs[0]!;
    expect(log.artifactId).toBe(id);
    const lines = readFileSync(file, 'utf8').split('\n');
    const dataLines = lines.flatMap((l, i) =>
      l.trim() !== '' && !l.startsWith('#') ? [i + 1] : [],
    );
    expect(log.records.map((r) => r.evidence.lines!.start)).toEqual(dataLines);
    expect(log.recordsOmitted).toBe(0);
    // Each record carries the values of its own line (address, port, status or reason).
    for (const r of log.records) {
      const line = lines[r.evidence.lines!.start - 1]!;
      expect(line).toContain(r.clientIp!);
      expect(line).toContain(` ${r.serverPort} `);
      expect(r.status ?? r.reason).not.toBeNull();
    }
  });
});
