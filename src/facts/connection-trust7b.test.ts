/**
 * Connection facts added for judge6 M1/M2/M3/M12 and judge5 M1, on the judges' captures (copied
 * into src/fixtures, origins in the README there) and the samples' own recordings.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { captureOf } from '../test-support/fixtures.js';
import type { TlsConnection } from '../parsers/capture.js';
import { toConnectionEntity } from './connection.js';
import type {
  BindingEntity,
  ListenerEntity,
  ProtocolEntity,
  ProtocolPolicyEntity,
} from './model.js';

const cap = (rel: string) => captureOf(readFileSync(new URL(rel, import.meta.url)));
const ctx = (osBuild: number | null) => ({
  protocols: [] as ProtocolEntity[],
  protocolPolicy: null as ProtocolPolicyEntity | null,
  bindings: [] as BindingEntity[],
  listeners: [] as ListenerEntity[],
  osBuild,
});
const p09 = cap('../fixtures/judge6/p09-s5-cap-client13-server12/cli13-srv12.pcap').connections[0]!;
const p20 = cap('../fixtures/judge6/p20-cap-ecdsa-only-client/ecdsa-only-client.pcap')
  .connections[0]!;

describe('a TLS 1.3-only client refused by the server (judge6 M1)', () => {
  it('build unknown: TLS 1.3 is what the server would need if its build has it, no claim either way', () => {
    expect(toConnectionEntity(p09, 'x', true, ctx(null))).toMatchObject({
      versionMismatchSide: 'server',
      fixProtocol: null,
      fixProtocolIfOsHasIt: 'TLS 1.3',
    });
  });
  it('Server 2019 (17763): that build has no TLS 1.3 — the old wording, nothing to gate', () => {
    expect(toConnectionEntity(p09, 'x', true, ctx(17763))).toMatchObject({
      fixProtocol: null,
      fixProtocolIfOsHasIt: null,
    });
  });
  it('Server 2022 (20348): enable TLS 1.3', () => {
    expect(toConnectionEntity(p09, 'x', true, ctx(20348))).toMatchObject({
      fixProtocol: 'TLS 1.3',
      fixProtocolIfOsHasIt: null,
    });
  });
});

describe('the certificate type every offered suite needs (judge6 M3)', () => {
  const withSuites = (c: TlsConnection, suites: string[]): TlsConnection => ({
    ...c,
    clientHello: { ...c.clientHello!, cipherSuites: suites },
  });
  it('p20: ECDHE-ECDSA suites and the renegotiation SCSV only → ECDSA', () => {
    expect(p20.clientHello!.cipherSuites).toEqual([
      'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256',
      'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
      'TLS_EMPTY_RENEGOTIATION_INFO_SCSV',
    ]);
    expect(toConnectionEntity(p20, 'x', true, ctx(null)).clientAuthOnly).toBe('ECDSA');
  });
  it.each([
    [['TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', 'TLS_RSA_WITH_AES_128_CBC_SHA'], 'RSA'],
    [['TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256', 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256'], null],
    // A TLS 1.3 suite works with either certificate type.
    [['TLS_AES_128_GCM_SHA256', 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256'], null],
    [['GREASE (0x0a0a)', 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256'], 'ECDSA'],
    [['0x1234'], null],
  ])('%j → %s', (suites, expected) => {
    expect(toConnectionEntity(withSuites(p20, suites), 'x', true, ctx(null)).clientAuthOnly).toBe(
      expected,
    );
  });
});

describe('issuer not sent (judge6 M2) and one direction only (judge6 M12)', () => {
  it('p18: the leaf alone, issued by Fabrikam Issuing CA 2', () => {
    const c = cap('../fixtures/judge6/p18-cap-intermediate-missing/leafonly-roottrusted.pcap')
      .connections[0]!;
    expect(c.certificates).toHaveLength(1);
    expect(toConnectionEntity(c, 'x', true, ctx(null)).wireIssuerNotSent).toMatch(
      /Fabrikam Issuing CA 2/,
    );
  });
  it('a chain with its issuing CA names nothing (s2-client-rejects-name-mismatch)', () => {
    const c = cap(
      '../../samples/s2-client-rejects-name-mismatch/capture/client-rejects-name-mismatch.pcap',
    ).connections[0]!;
    expect(c.certificates.length).toBeGreaterThan(1);
    expect(toConnectionEntity(c, 'x', true, ctx(null)).wireIssuerNotSent).toBeNull();
  });
  it('a complete failed handshake is not "one direction" (p09)', () => {
    expect(toConnectionEntity(p09, 'x', true, ctx(null)).captureOneDirection).toBe(false);
  });
});
