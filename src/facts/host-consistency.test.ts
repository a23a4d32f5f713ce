import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadBundle } from '../artifacts/load.js';
import { openInputs } from '../bundle/open.js';
import { hostConflicts } from './host-consistency.js';

const tmp = mkdtempSync(join(tmpdir(), 'tls-doctor-hosts-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const sample = (p: string) => readFileSync(new URL(`../../samples/${p}`, import.meta.url), 'utf8');
// Netstat with 10.0.0.5:443 ESTABLISHED (WEB01); Schannel events whose <Computer> is WEB01.
const NETSTAT = sample('healthy/network/netstat-anob.txt');
const EVENTS = sample('s2-corrupt-key/events/system-schannel.xml');

function conflictsOf(files: Record<string, string>) {
  const dir = mkdtempSync(join(tmp, 'h-'));
  const paths = Object.entries(files).map(([name, body]) => {
    writeFileSync(join(dir, name), body);
    return join(dir, name);
  });
  return hostConflicts(loadBundle(openInputs(paths)));
}

describe('host consistency', () => {
  it('names the files whose host names or own addresses disagree', () => {
    const got = conflictsOf({
      'netstat-a.txt': NETSTAT,
      'netstat-b.txt': NETSTAT.replaceAll('10.0.0.5', '10.1.1.9'),
      'schannel-a.xml': EVENTS,
      'schannel-b.xml': EVENTS.replaceAll('<Computer>WEB01', '<Computer>WEB02.contoso.com'),
    });
    expect(got).toEqual([
      {
        aspect: 'name',
        values: [
          { value: 'web01', files: ['schannel-a.xml'] },
          { value: 'web02', files: ['schannel-b.xml'] },
        ],
      },
      {
        aspect: 'address',
        values: [
          { value: '10.0.0.5', files: ['netstat-a.txt'] },
          { value: '10.1.1.9', files: ['netstat-b.txt'] },
        ],
      },
    ]);
  });

  it('finds nothing when the files agree (a host name in FQDN form is the same machine)', () => {
    expect(
      conflictsOf({
        'netstat-a.txt': NETSTAT,
        'netstat-b.txt': NETSTAT,
        'schannel-a.xml': EVENTS,
        'schannel-b.xml': EVENTS.replaceAll('<Computer>WEB01', '<Computer>web01.contoso.com'),
      }),
    ).toEqual([]);
  });
});
