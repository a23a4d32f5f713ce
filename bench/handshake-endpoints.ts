/**
 * Capture grouping benchmark (issue 13): a capture of one busy server with N clients must give at
 * most one finding per rule per server endpoint, and its HTML report must stay under 2 MB.
 *   npx tsx bench/handshake-endpoints.ts [clients=10000]
 * The capture (bench/out/many-clients.pcap, not committed) is built by
 * src/test-support/many-clients-capture.ts from the real recorded handshakes of three samples
 * (a TLS 1.3 client rejecting a TLS 1.2 server's certificate with unknown_ca, the same with
 * bad_certificate for a name mismatch, and seed scenario 5's protocol_version), each client
 * making two handshakes; all clients talk to 10.13.0.1:443 (three SNI names: three endpoints).
 * Prints the time of the analysis and of the report, the findings per rule and endpoint, the
 * handshake groups (what `inspect` lists) and the size of the HTML report.
 */
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../src/analyze.js';
import { buildReportModel } from '../src/report/model.js';
import { renderHtml } from '../src/report/render-html.js';
import { manyClientsCapture } from '../src/test-support/many-clients-capture.js';

const clients = Number(process.argv[2] ?? 10_000);
const samples = join(import.meta.dirname, '../samples');
const templates = [
  's2-client-rejects-untrusted-root/capture/client-rejects-untrusted-root.pcap',
  's5-one-client-server-side/capture/s5-one-client.pcap',
  's2-client-rejects-name-mismatch/capture/client-rejects-name-mismatch.pcap',
].map((p) => readFileSync(join(samples, p)));
const out = join(import.meta.dirname, 'out');
mkdirSync(out, { recursive: true });
const pcap = join(out, 'many-clients.pcap');
writeFileSync(pcap, manyClientsCapture(templates, clients));

const t0 = performance.now();
const result = await analyze([pcap]);
const t1 = performance.now();
const model = buildReportModel(result, { lang: 'en', now: new Date(), toolVersion: 'bench' });
const html = renderHtml(model);
const t2 = performance.now();
const htmlPath = join(out, 'many-clients.html');
writeFileSync(htmlPath, html);

const perRuleEndpoint = new Map<string, number>();
for (const f of result.evaluation.findings) {
  const k = `${f.ruleId} @ ${f.entityKey.replace(/:[^:]*, \d+ handshakes? from \d+ clients?$/, '')}`;
  perRuleEndpoint.set(k, (perRuleEndpoint.get(k) ?? 0) + 1);
}
console.log(`capture: ${clients} clients, ${(statSync(pcap).size / 1e6).toFixed(1)} MB`);
console.log(`handshake groups (inspect): ${result.facts.handshakeGroups.length}`);
console.log(
  `connections seen: ${result.facts.connections.length + result.facts.connectionsOmitted}`,
);
console.log(`findings: ${result.evaluation.findings.length}`);
for (const f of result.evaluation.findings)
  console.log(`  ${f.severity} ${f.ruleId}: ${f.entityKey}`);
console.log(`max findings per rule per endpoint: ${Math.max(0, ...perRuleEndpoint.values())}`);
console.log(`HTML report: ${(Buffer.byteLength(html) / 1e6).toFixed(2)} MB (${htmlPath})`);
console.log(
  `analyze: ${((t1 - t0) / 1000).toFixed(2)} s, report: ${((t2 - t1) / 1000).toFixed(2)} s`,
);
console.log(`peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
