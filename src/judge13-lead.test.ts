/**
 * Judge round 13, refused connections (M3, M4, M9): the judge's bundles with loopback recordings of
 * SYNs answered by a reset, rewritten to the bundle's addresses (src/fixtures/judge13-lead,
 * origin in its README).
 */
import { describe, expect, it } from 'vitest';
import { analyze } from './analyze.js';
import { firedOn, judgeRound } from './test-support/judge.js';

const { fixture, fixOf } = judgeRound('13-lead', '2026-12-07T00:00:00Z');
const refused = (a: Awaited<ReturnType<typeof analyze>>) =>
  a.evaluation.findings.find((f) => f.ruleId === 'tcp-connection-refused')!;

describe('judge13: connections refused on the HTTPS port', () => {
  it('M3: a listener in the bundle and refusals in the capture disagree, and the fix says so', async () => {
    const a = await analyze([fixture('20-refused-443-listener-in-netstat-synthetic')]);
    expect(firedOn(a)).toContain('tcp-connection-refused:high:capture/refused.pcap|10.0.0.5:443');
    expect(fixOf(a, 'tcp-connection-refused')).toMatch(
      /shows a socket LISTENING on port 443, yet the capture shows refusals/,
    );
    expect(fixOf(a, 'tcp-connection-refused', 'zh-CN')).toMatch(/二者采集于不同时间/);
  });

  it('M4: refusals by an address that is not this server are medium and lead with finding that machine', async () => {
    const a = await analyze([fixture('24-refused-remote-address-synthetic')]);
    expect(refused(a).severity).toBe('medium');
    const lines = fixOf(a, 'tcp-connection-refused').split('\n');
    // Right after what the capture shows: whose address it is, before this server's checks.
    expect(lines[1]).toMatch(/^REM First find which machine answers at 203\.0\.113\.10:443/);
    expect(lines.findIndex((l) => l.startsWith('netstat'))).toBeGreaterThan(1);
  });

  it('M9: a listen list that leaves the address out explains the refusals', async () => {
    const a = await analyze([fixture('26-refused-iplisten-excludes-address-synthetic')]);
    const f = refused(a);
    expect(f.explainedBy?.ruleId).toBe('iplisten-excludes-binding-address');
    expect(fixOf(a, 'tcp-connection-refused')).toMatch(/IP listen list leaves this address out/);
    // The cause comes first, the refusal right under it.
    const order = a.evaluation.findings.map((x) => x.ruleId);
    expect(order.indexOf('iplisten-excludes-binding-address')).toBe(
      order.indexOf('tcp-connection-refused') - 1,
    );
  });
});

describe('judge13 M8: an issuer not sent that the bundle holds as a root', () => {
  it('is not "import it into LocalMachine\\CA": servers never send their root', async () => {
    const a = await analyze([fixture('05-client-rejects-expired-cert-synthetic')]);
    const fix = fixOf(a, 'handshake-client-rejects-certificate');
    expect(fix).toMatch(
      /its issuer, O=Judge13, CN=Judge13 Root CA, was not sent, and need not be: the bundle's Root store holds it as a self-signed root \(thumbprint 92e819ee2b34964227e7eeb0c9325f33f098b641\)/,
    );
    expect(fix).not.toMatch(/certutil -addstore CA/);
    expect(fixOf(a, 'handshake-client-rejects-certificate', 'zh-CN')).toMatch(/而且也无需发送/);
  });
});
