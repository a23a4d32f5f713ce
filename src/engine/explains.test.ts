import { describe, expect, it } from 'vitest';
import type { Facts } from '../facts/model.js';
import { foldExplained, mergeWildcardTwins, type Explains } from './explains.js';
import { loadRules } from './load-rules.js';
import type { Finding, Severity } from './rule.js';

const finding = (
  ruleId: string,
  severity: Severity,
  scope: Finding['scope'],
  entityKey: string,
  entity: Record<string, unknown>,
  fix = 'fix',
): Finding => ({
  ruleId,
  severity,
  scenario: null,
  area: 'test',
  scope,
  entityKey,
  entity,
  title: { en: ruleId, 'zh-CN': ruleId },
  explanation: { en: '', 'zh-CN': '' },
  fix: { en: fix, 'zh-CN': fix },
  fixShell: 'cmd',
  evidence: [{ artifactId: 'a', path: `${entityKey}.txt` }],
  references: [],
});

const facts = (bound: string[]): Facts =>
  ({
    certificates: bound.map((thumbprint) => ({ thumbprint, isBound: true })),
  }) as unknown as Facts;

const rules: { id: string; explains?: Explains[] }[] = [
  {
    id: 'untrusted-root',
    explains: [
      { rule: 'capi2-untrusted', key: 'thumbprint' },
      { rule: 'alert-received', key: 'thumbprint', when: { alert: [48] } },
    ],
  },
  { id: 'acl', explains: [{ rule: 'access-denied', key: 'keyFile' }] },
  { id: 'access-denied', explains: [{ rule: 'acl', key: 'keyFile' }] },
];

describe('explains', () => {
  it('puts the cause first and its symptoms under it, joined by thumbprint', () => {
    const cause = finding('untrusted-root', 'high', 'certificate', 'My\\aa', { thumbprint: 'AA' });
    const capi2 = finding('capi2-untrusted', 'high', 'eventGroup', 'capi2-aa', {
      source: 'capi2',
      certificateThumbprint: 'aa',
    });
    const alert48 = finding('alert-received', 'medium', 'eventGroup', '36887-48', {
      source: 'schannel',
      role: 'server',
      alert: 48,
      certificateThumbprint: null,
    });
    const alert40 = finding('alert-received', 'medium', 'eventGroup', '36887-40', {
      source: 'schannel',
      role: 'server',
      alert: 40,
      certificateThumbprint: null,
    });
    const other = finding('expired', 'critical', 'certificate', 'My\\bb', { thumbprint: 'bb' });
    const out = foldExplained([other, alert40, alert48, capi2, cause], rules, facts(['aa']));
    expect(out.map((f) => [f.entityKey, f.explainedBy?.ruleId ?? null])).toEqual([
      ['My\\bb', null],
      ['My\\aa', null],
      ['capi2-aa', 'untrusted-root'],
      ['36887-48', 'untrusted-root'],
      ['36887-40', null],
    ]);
  });

  it('folds the handshake failures FIPS mode causes under it, by server, before any ServerHello (the real rule)', () => {
    const real = loadRules().filter((r) => r.id === 'fips-policy-blocks-client-suites');
    const cause = finding(
      'fips-policy-blocks-client-suites',
      'high',
      'cipherPolicy',
      'cipher-suites',
      {
        fipsBlockedServers: ['10.0.0.5:443'],
      },
    );
    const failed = (key: string, servers: string[], afterHello: boolean) =>
      finding('handshake-failed-alert', 'high', 'handshakeEndpoint', key, {
        kind: 'failed-alert',
        servers,
        failedAfterServerHello: afterHello,
      });
    const same = failed('*:443 refused', ['10.0.0.5:443'], false);
    const agreed = failed('*:443 after hello', ['10.0.0.5:443'], true);
    const elsewhere = failed('*:8443', ['10.0.0.5:8443'], false);
    foldExplained([same, agreed, elsewhere, cause], real, facts([]));
    expect(same.explainedBy).toEqual({
      ruleId: 'fips-policy-blocks-client-suites',
      entityKey: 'cipher-suites',
    });
    // Suites were agreed (a ServerHello chose one), or another server: not FIPS mode's doing.
    expect(agreed.explainedBy).toBeUndefined();
    expect(elsewhere.explainedBy).toBeUndefined();
  });

  it('folds a client rejection under the name mismatch only for a name alert (the real rule)', () => {
    const real = loadRules().filter((r) => r.id === 'certificate-name-mismatch');
    const cause = finding('certificate-name-mismatch', 'high', 'certificate', 'My\\aa', {
      thumbprint: 'aa',
    });
    const rejected = (key: string, alerts: string[], nameRelatedAlertsOnly: boolean) =>
      finding('handshake-client-rejects-certificate', 'high', 'handshakeEndpoint', key, {
        failureAlerts: alerts,
        nameRelatedAlertsOnly,
        wireCertificateThumbprint: 'aa',
        boundCertificateThumbprint: 'aa',
      });
    const out = foldExplained(
      [
        cause,
        rejected('bad-cert', ['bad_certificate'], true),
        // A self-signed leaf that also misses the name: unknown_ca is about trust, not the name.
        rejected('unknown-ca', ['unknown_ca'], false),
      ],
      real,
      facts(['aa']),
    );
    expect(out.map((f) => [f.entityKey, f.explainedBy?.ruleId ?? null])).toEqual([
      ['My\\aa', null],
      ['bad-cert', 'certificate-name-mismatch'],
      ['unknown-ca', null],
    ]);
  });

  it('joins an event without a thumbprint only when exactly one certificate is bound', () => {
    const cause = finding('untrusted-root', 'high', 'certificate', 'My\\aa', { thumbprint: 'aa' });
    const alert48 = finding('alert-received', 'medium', 'eventGroup', '36887-48', {
      source: 'schannel',
      role: 'server',
      alert: 48,
    });
    const out = foldExplained([cause, alert48], rules, facts(['aa', 'cc']));
    expect(out.find((f) => f.ruleId === 'alert-received')?.explainedBy).toBeUndefined();
  });

  it('does not fold two findings under each other when their rules explain each other', () => {
    const acl = finding('acl', 'high', 'certificate', 'My\\aa', { keyFilePath: 'C:\\k\\1' });
    const denied = finding('access-denied', 'critical', 'eventGroup', '36870', {
      keyFile: 'c:\\k\\1',
    });
    const out = foldExplained([acl, denied], rules, facts([]));
    expect(out.map((f) => [f.ruleId, f.explainedBy?.ruleId ?? null])).toEqual([
      ['access-denied', null],
      ['acl', 'access-denied'],
    ]);
  });

  it('merges the same finding on 0.0.0.0 and [::] of one port, keeping both as evidence', () => {
    const v4 = finding('port-held', 'critical', 'listener', 'tcp/0.0.0.0:443/26800', {});
    const v6 = finding('port-held', 'critical', 'listener', 'tcp/[::]:443/26800', {});
    const other = finding('port-held', 'critical', 'listener', 'tcp/10.0.0.5:443/1', {});
    const out = mergeWildcardTwins([v4, v6, other]);
    expect(out.map((f) => f.entityKey)).toEqual(['tcp/0.0.0.0:443/26800', 'tcp/10.0.0.5:443/1']);
    expect(out[0]!.twins?.map((t) => t.entityKey)).toEqual(['tcp/[::]:443/26800']);
    expect(out[0]!.evidence.map((e) => e.path)).toEqual([
      'tcp/0.0.0.0:443/26800.txt',
      'tcp/[::]:443/26800.txt',
    ]);
    expect(out[0]!.fix.en).toBe('fix');
  });

  it('keeps both fixes when the twins need different commands', () => {
    const v4 = finding('empty-hash', 'critical', 'binding', 'ipport:0.0.0.0:443', {}, 'a');
    const v6 = finding('empty-hash', 'critical', 'binding', 'ipport:[::]:443', {}, 'b');
    expect(mergeWildcardTwins([v6, v4]).map((f) => [f.entityKey, f.fix.en])).toEqual([
      ['ipport:0.0.0.0:443', 'a\n\nb'],
    ]);
  });
});

describe('explains: a cause is at least as severe as what it explains (judge r9 k12)', () => {
  const chainRules: { id: string; explains?: Explains[] }[] = [
    { id: 'acl', explains: [{ rule: 'access-denied', key: 'keyFile' }] },
    { id: 'legacy', explains: [{ rule: 'alert-sent', key: 'thumbprint' }] },
  ];
  const key = { keyFile: 'C:\\k\\1', keyFilePath: 'C:\\k\\1' };

  it('raises a high cause of a critical symptom to critical and keeps its own severity', () => {
    const cause = finding('acl', 'high', 'certificate', 'My\\aa', key);
    const symptom = finding('access-denied', 'critical', 'eventGroup', 'e1', key);
    const out = foldExplained([symptom, cause], chainRules, facts([]));
    expect(out.map((f) => f.ruleId)).toEqual(['acl', 'access-denied']);
    expect(cause).toMatchObject({
      severity: 'critical',
      severityRaised: { from: 'high', by: { ruleId: 'access-denied', entityKey: 'e1' } },
    });
    expect(symptom.severity).toBe('critical');
    expect(symptom.severityRaised).toBeUndefined();
  });

  it('leaves a cause as severe as its symptoms alone', () => {
    const cause = finding('acl', 'critical', 'certificate', 'My\\aa', key);
    foldExplained(
      [cause, finding('access-denied', 'high', 'eventGroup', 'e1', key)],
      chainRules,
      facts([]),
    );
    expect(cause.severity).toBe('critical');
    expect(cause.severityRaised).toBeUndefined();
  });

  it('never raises a low cause: it explains its symptoms away', () => {
    const cause = finding('legacy', 'low', 'certificate', 'My\\aa', { thumbprint: 'AA' });
    const symptom = finding('alert-sent', 'medium', 'eventGroup', 'e2', {
      certificateThumbprint: 'aa',
    });
    foldExplained([cause, symptom], chainRules, facts([]));
    expect(symptom.explainedBy?.ruleId).toBe('legacy');
    expect(cause.severity).toBe('low');
    expect(cause.severityRaised).toBeUndefined();
  });
});
