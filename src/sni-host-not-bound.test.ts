/**
 * httpsys-sni-host-not-bound in the report: the handshake finding folds under it, and it folds
 * under the IIS SNI binding that lacks its hostname:port entry when applicationHost.config has one.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyze } from './analyze.js';

const tmp = mkdtempSync(join(tmpdir(), 'tls-doctor-sni-host-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const sample = (p: string): string =>
  new URL(`../samples/httpsys-sni-host-not-bound/${p}`, import.meta.url).pathname;
const LOOSE = [
  sample('httpsys/netsh-http-show-sslcert.txt'),
  sample('capture/synthetic-server-sni-name-rst.pcap'),
];

const chain = async (inputs: string[]) =>
  (await analyze(inputs)).evaluation.findings
    .filter((f) => f.severity === 'high')
    .map((f) => [f.ruleId, f.explainedBy?.ruleId ?? null]);

describe('httpsys-sni-host-not-bound', () => {
  it('lists the handshake finding of the same endpoint and name under it', async () => {
    expect(await chain(LOOSE)).toEqual([
      ['httpsys-sni-host-not-bound', null],
      ['handshake-no-server-hello', 'httpsys-sni-host-not-bound'],
    ]);
  });

  it('is listed under the IIS SNI binding of that name that lacks its entry', async () => {
    const config = join(tmp, 'applicationHost.config');
    writeFileSync(
      config,
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<configuration><system.applicationHost><sites>',
        '<site name="Fabrikam" id="3"><bindings>',
        '<binding protocol="https" bindingInformation="*:443:www.fabrikam.com" sslFlags="1" />',
        '</bindings></site>',
        '</sites></system.applicationHost></configuration>',
      ].join('\r\n'),
    );
    expect(await chain([...LOOSE, config])).toEqual([
      ['iis-sni-binding-without-hostnameport', null],
      ['httpsys-sni-host-not-bound', 'iis-sni-binding-without-hostnameport'],
      ['handshake-no-server-hello', 'httpsys-sni-host-not-bound'],
    ]);
  });
});
