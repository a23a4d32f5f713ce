/**
 * A busy server's capture gives at most one finding per rule per server endpoint, with exact
 * totals, and a small report (the bench is bench/handshake-endpoints.ts with 10,000 clients; this
 * is the same on 300 clients, past the capture parser's listing limit of 50 per kind).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyze } from './analyze.js';
import { buildReportModel } from './report/model.js';
import { renderHtml } from './report/render-html.js';
import { manyClientsCapture } from './test-support/many-clients-capture.js';

const samples = new URL('../samples/', import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'tls-doctor-scale-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('handshake findings at scale', () => {
  it('gives one finding per rule per endpoint with exact totals for 300 clients of one server', async () => {
    const templates = [
      's2-client-rejects-untrusted-root/capture/client-rejects-untrusted-root.pcap',
      's5-one-client-server-side/capture/s5-one-client.pcap',
      's2-client-rejects-name-mismatch/capture/client-rejects-name-mismatch.pcap',
    ].map((p) => readFileSync(join(samples, p)));
    const pcap = join(tmp, 'many.pcap');
    writeFileSync(pcap, manyClientsCapture(templates, 300));
    const result = await analyze([pcap]);
    expect(result.facts.connections.length + result.facts.connectionsOmitted).toBe(600);
    expect(result.facts.handshakeGroups).toHaveLength(3);
    // The name-mismatch template's certificate, seen on the wire, is one certificate finding
    // whatever the number of handshakes that carried it.
    expect(result.evaluation.findings.map((f) => `${f.ruleId} ${f.entityKey}`).sort()).toEqual([
      'certificate-name-mismatch capture\\a3a24ddc3db9c858165eb1aa0210d1732f4388c3',
      // The template's other leaf is sent without its issuer: low advice (judge8 S1).
      'certificate-wire-issuer-not-sent capture\\ff6d145531351725abdb1c3d528566a8d0a33b53',
      'handshake-client-rejects-certificate 10.13.0.1:443 (shop.contoso.com): certificate rejected by the client, 200 handshakes from 100 clients',
      'handshake-client-rejects-certificate 10.13.0.1:443 (shop.fabrikam.com): certificate rejected by the client, 200 handshakes from 100 clients',
      'handshake-protocol-version-mismatch 10.13.0.1:443 (www.contoso.com): version mismatch, 200 handshakes from 100 clients',
    ]);
    const html = renderHtml(
      buildReportModel(result, { lang: 'en', now: new Date(0), toolVersion: 'test' }),
    );
    expect(Buffer.byteLength(html)).toBeLessThan(2_000_000);
  });
});
