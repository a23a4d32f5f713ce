import { describe, expect, it } from 'vitest';
import { parseEventText } from '../parsers/event-text.js';
import { parseEventXmlText } from '../parsers/event-xml.js';
import { inlineText } from '../test-support/fixtures.js';
import {
  groupEvents,
  linkChainEvents,
  linkKeyFiles,
  linkProtocolPolicy,
  MACHINE_KEYS,
  type ChainCertificate,
  type KeyFileCandidate,
} from './event-group.js';
import type { EventGroupEntity } from './model.js';
import { apply } from './patch.js';

// The steps return patches; these write them as buildFacts does.
const keyFiles = (groups: EventGroupEntity[], certs: KeyFileCandidate[]): void =>
  apply(groups, linkKeyFiles(groups, certs));
const chainEvents = (groups: EventGroupEntity[], certs: ChainCertificate[]): void => {
  const links = linkChainEvents(groups, certs);
  apply(groups, links.groups);
  apply(certs, links.certificates);
};
const protocolPolicy = (
  groups: EventGroupEntity[],
  policy: Parameters<typeof linkProtocolPolicy>[1],
): void => apply(groups, linkProtocolPolicy(groups, policy));

const ctx = { artifactId: 'events.schannel', path: 'events/system-schannel.xml' };

function ev(id: number, time: string, data: Record<string, string>, provider = 'Schannel'): string {
  const d = Object.entries(data)
    .map(([k, v]) => `<Data Name='${k}'>${v}</Data>`)
    .join('');
  return `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='${provider}' Guid='{1F678132-5938-4686-9FDC-C8FF68F15C85}'/><EventID>${id}</EventID><Level>2</Level><TimeCreated SystemTime='${time}'/><Computer>WEB01</Computer></System><EventData>${d}</EventData></Event>\n`;
}

describe('eventGroup facts', () => {
  it('groups by id + decoded code, merges digests that differ only in fields that do not matter, decodes names', () => {
    let xml = '<Events>\n';
    for (let i = 0; i < 5; i++) {
      xml += ev(36870, `2024-03-05T09:0${i}:00.0000000Z`, {
        Type: 'server',
        ErrorCode: '0x80090016',
        ErrorStatus: '10001',
      });
    }
    xml += ev(36870, '2024-03-05T11:00:00.0000000Z', { Type: 'server', ErrorCode: '0x8009001A' });
    xml += ev(36888, '2024-03-05T10:00:00.0000000Z', { AlertDesc: '70', ErrorState: '105' });
    xml += ev(36871, '2024-03-05T10:30:00.0000000Z', { Type: '客户端', ErrorState: '10013' });
    xml += ev(36874, '2024-03-05T10:31:00.0000000Z', { Protocol: 'TLS 1.0' });
    xml += '</Events>\n';
    const groups = groupEvents([parseEventXmlText(ctx, xml).value]);
    expect(groups.map((g) => g.key)).toEqual([
      'schannel-36870-0x80090016-state10001-server',
      'schannel-36870-0x8009001a-server',
      'schannel-36871-state10013-client',
      'schannel-36874-tls1.0',
      'schannel-36888-alert70-state105',
    ]);
    expect(groups[0]).toMatchObject({
      source: 'schannel',
      errorName: 'NTE_BAD_KEYSET',
      count: 5,
      firstSeen: '2024-03-05T09:00:00.0000000Z',
      lastSeen: '2024-03-05T09:04:00.0000000Z',
      perHour: { '2024-03-05T09': 5 },
      keyFile: null,
      keyFolders: [MACHINE_KEYS, 'C:\\ProgramData\\Microsoft\\Crypto\\Keys'],
      timesLocal: false,
    });
    // First three and the last event of the digest as evidence, with their lines.
    expect(groups[0]!.evidence.map((e) => e.lines?.start)).toEqual([2, 3, 4, 6]);
    expect(groups[1]).toMatchObject({ errorName: 'NTE_KEYSET_ENTRY_BAD' });
    expect(groups[2]).toMatchObject({
      role: 'client',
      roleRaw: '客户端',
      errorStateMeaning: expect.any(String),
    });
    expect(groups[3]).toMatchObject({ protocol: 'TLS 1.0' });
    expect(groups[4]).toMatchObject({ alert: 70, alertName: 'protocol_version' });
  });

  it('reads CAPI2 chain errors with subject and thumbprint, and folds successful chain builds', () => {
    const capi = (result: string, subject: string) =>
      `<Event><System><Provider Name='Microsoft-Windows-CAPI2'/><EventID>11</EventID><Level>${result === '0' ? 4 : 2}</Level><TimeCreated SystemTime='2024-03-05T09:20:11.4410032Z'/></System><UserData><CertGetCertificateChain><Certificate fileRef='4A3B2C1D0E9F8A7B6C5D4E3F2A1B0C9D8E7F6A5B.cer' subjectName='${subject}'/><Result value='${result}'>x</Result></CertGetCertificateChain></UserData></Event>\n`;
    const log = parseEventXmlText(
      { artifactId: 'events.capi2', path: 'events/capi2-operational.xml' },
      capi('800B0109', 'www.contoso.com') + capi('0', 'a.example') + capi('0', 'b.example'),
    ).value;
    const groups = groupEvents([log]);
    expect(groups.map((g) => [g.key, g.count])).toEqual([
      ['capi2-0x800b0109-www.contoso.com', 1],
      ['capi2-11', 2],
    ]);
    expect(groups[0]).toMatchObject({
      errorName: 'CERT_E_UNTRUSTEDROOT',
      certificateThumbprint: '4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b',
    });
  });

  it('marks pasted text as local time and keeps groups from text and XML apart only by their decoded values', () => {
    const text = parseEventText(
      inlineText(
        'The following fatal alert was generated: 40. The internal error state is 1205.',
        'events.schannel',
      ),
    ).value;
    const [g] = groupEvents([text]);
    expect(g).toMatchObject({
      key: 'schannel-36888-alert40-state1205',
      fromText: true,
      timesLocal: true,
    });
  });

  it('links 36870 to the only bound certificate with a known key file, 36869 to the only bound one', () => {
    const xml = ev(36870, '2024-03-05T09:00:00Z', { Type: 'server', ErrorCode: '0x80090016' });
    const groups = groupEvents([parseEventXmlText(ctx, xml).value]);
    keyFiles(groups, [
      { thumbprint: 'AA'.repeat(20), keyFile: `${MACHINE_KEYS}\\abc_123`, bound: true },
      { thumbprint: 'BB'.repeat(20), keyFile: `${MACHINE_KEYS}\\def_456`, bound: false },
    ]);
    expect(groups[0]).toMatchObject({
      keyFile: `${MACHINE_KEYS}\\abc_123`,
      certificateThumbprint: 'aa'.repeat(20),
    });
    const again = groupEvents([parseEventXmlText(ctx, xml).value]);
    keyFiles(again, [
      { thumbprint: 'AA'.repeat(20), keyFile: 'x', bound: true },
      { thumbprint: 'BB'.repeat(20), keyFile: 'y', bound: true },
    ]);
    expect(again[0]!.keyFile).toBeNull();
    // 36869 (no private key at all): only the certificate, when exactly one is bound.
    const noKey = groupEvents([
      parseEventXmlText(ctx, ev(36869, '2024-03-05T09:00:00Z', { Type: 'server' })).value,
    ]);
    keyFiles(noKey, [{ thumbprint: 'CC'.repeat(20), keyFile: null, bound: true }]);
    expect(noKey[0]).toMatchObject({ certificateThumbprint: 'cc'.repeat(20), keyFile: null });
  });

  it('folds CAPI2 11 and 30 of one chain error and links it to the certificate both ways', () => {
    const capi = (id: number, root: string) =>
      `<Event><System><Provider Name='Microsoft-Windows-CAPI2'/><EventID>${id}</EventID><Level>2</Level><TimeCreated SystemTime='2024-03-05T09:20:11Z'/></System><UserData><${root}><Certificate fileRef='FF6D145531351725ABDB1C3D528566A8D0A33B53.cer' subjectName='shop.fabrikam.com'/><Result value='800B0109'>x</Result></${root}></UserData></Event>\n`;
    const log = parseEventXmlText(
      { artifactId: 'events.capi2', path: 'events/capi2-operational.xml' },
      capi(30, 'CertVerifyCertificateChainPolicy') + capi(11, 'CertGetCertificateChain'),
    ).value;
    const groups = groupEvents([log]);
    expect(groups).toHaveLength(1);
    expect(groups[0]).toMatchObject({
      key: 'capi2-0x800b0109-shop.fabrikam.com',
      eventId: 11,
      eventMeaning: expect.stringContaining('Verify Chain Policy'),
      count: 2,
      certificateInBundle: false,
    });
    const cert = {
      thumbprint: 'ff6d145531351725abdb1c3d528566a8d0a33b53',
      subjectCommonName: 'shop.fabrikam.com',
      sanDns: [],
      isBound: true,
    };
    chainEvents(groups, [cert]);
    expect(groups[0]).toMatchObject({ certificateInBundle: true, certificateBound: true });
    expect(cert).toMatchObject({ capi2ChainErrors: ['CERT_E_UNTRUSTEDROOT'] });
  });

  it('gives Schannel groups the protocols enabled on their side', () => {
    const xml =
      ev(36888, '2024-03-05T09:00:00Z', { AlertDesc: '70', ErrorState: '105' }) +
      ev(36871, '2024-03-05T09:00:00Z', { Type: 'client', ErrorState: '10013' });
    const groups = groupEvents([parseEventXmlText(ctx, xml).value]);
    protocolPolicy(groups, {
      serverEnabled: ['TLS 1.2', 'TLS 1.3'],
      clientEnabled: ['TLS 1.2'],
    });
    expect(groups.find((g) => g.eventId === 36888)?.enabledProtocols).toEqual([
      'TLS 1.2',
      'TLS 1.3',
    ]);
    expect(groups.find((g) => g.eventId === 36871)?.enabledProtocols).toEqual(['TLS 1.2']);
    protocolPolicy(groups, null);
    expect(groups[0]?.enabledProtocols).not.toBeNull();
  });
});
