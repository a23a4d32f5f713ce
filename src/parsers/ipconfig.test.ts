// Real samples beside this file (ipconfig.samples.md); the variants are mangled copies.
import { describe, expect, it } from 'vitest';
import { SNIFF } from '../shared/parse.js';
import { fixtureText, inlineText } from '../test-support/fixtures.js';
import { MANGLINGS } from '../test-support/mangle.js';
import { bareAddress, ipconfigParser } from './ipconfig.js';

const ALL = 'ipconfig.sample.en-all-four-adapters-notes.txt';
const PLAIN = 'ipconfig.sample.en-plain-psremoting-writeup.txt';
const parse = (name: string, text?: string) =>
  ipconfigParser.parse(fixtureText(import.meta.url, name, 'net.ipconfig', text));
const original = (name: string) => fixtureText(import.meta.url, name).text;
const records = (name: string, text?: string) =>
  parse(name, text).value.addresses.map((a) => [a.address, a.family, a.linkLocal, a.adapter]);

describe('net.ipconfig', () => {
  it('reads the real ipconfig /all: every adapter, its addresses without state and zone', () => {
    const { value, issues } = parse(ALL);
    expect(issues).toEqual([]);
    expect(value.adapters.map((a) => [a.name, a.disconnected])).toEqual([
      ['Unknown adapter Local Area Connection', false],
      ['Ethernet adapter Ethernet0', false],
      ['Ethernet adapter Ethernet1', false],
      ['Unknown adapter OpenVPN Connect DCO Adapter', true],
    ]);
    expect(records(ALL)).toEqual([
      ['fe80::ee54:2262:a256:f4b9', 6, true, 'Unknown adapter Local Area Connection'],
      ['172.16.20.2', 4, false, 'Unknown adapter Local Area Connection'],
      ['fd00::201', 6, false, 'Ethernet adapter Ethernet0'],
      ['fe80::aaa:1f68:e09e:1c84', 6, true, 'Ethernet adapter Ethernet0'],
      ['192.168.8.201', 4, false, 'Ethernet adapter Ethernet0'],
      ['fe80::2a0e:cfcb:98a4:fb5f', 6, true, 'Ethernet adapter Ethernet1'],
      ['1.1.1.20', 4, false, 'Ethernet adapter Ethernet1'],
    ]);
    const v4 = value.addresses.find((a) => a.address === '192.168.8.201')!;
    expect(v4.evidence).toMatchObject({ lines: { start: 28, end: 28 } });
  });

  it('reads the real plain ipconfig after a PowerShell remoting prompt and its echo', () => {
    const { value, issues } = parse(PLAIN);
    expect(issues).toEqual([]);
    expect(value.adapters.map((a) => a.name)).toEqual(['Ethernet adapter Ethernet']);
    expect(records(PLAIN)).toEqual([
      ['fe80::3b9:738f:322a:c967', 6, true, 'Ethernet adapter Ethernet'],
      ['192.168.43.1', 4, false, 'Ethernet adapter Ethernet'],
    ]);
  });

  it('recognises ipconfig by its content, and not a netstat or a sentence naming an address', () => {
    expect(ipconfigParser.sniff(original(ALL))).toBeGreaterThanOrEqual(SNIFF.likely);
    expect(ipconfigParser.sniff(original(PLAIN))).toBeGreaterThanOrEqual(SNIFF.likely);
    expect(ipconfigParser.sniff('  TCP    0.0.0.0:443    0.0.0.0:0    LISTENING    4\n')).toBe(0);
    expect(ipconfigParser.sniff('The IPv4 address is 10.0.0.5\n')).toBe(0);
  });

  it('says so when no address was read, and when an address line holds no address', () => {
    const empty = ipconfigParser.parse(inlineText('Windows IP Configuration\n', 'net.ipconfig'));
    expect(empty.issues.map((i) => i.code)).toEqual(['empty-input']);
    const bad = ipconfigParser.parse(
      inlineText('Ethernet adapter E:\n\n   IPv4 Address. . . : 10.0.0.999\n', 'net.ipconfig'),
    );
    expect(bad.value.addresses).toEqual([]);
    expect(bad.issues.map((i) => `${i.code}@${i.line ?? ''}`)).toEqual([
      'invalid-value@3',
      'empty-input@',
    ]);
  });

  it.each([
    ['10.20.30.41(Preferred)', '10.20.30.41'],
    ['fe80::8d4c:2a1b:7c3e:91f0%12', 'fe80::8d4c:2a1b:7c3e:91f0'],
    ['FD00::201(Deprecated)', 'fd00::201'],
    ['10.0.0.5 (Duplicate)', '10.0.0.5'],
  ])('takes %j as %j', (raw, address) => {
    expect(bareAddress(raw)?.address).toBe(address);
  });

  describe.each(MANGLINGS.map((m) => [m.name, m.apply] as const))('tolerates %s', (_n, mangle) => {
    it.each([ALL, PLAIN])('%s yields the same addresses', (name) => {
      expect(records(name, mangle(original(name)))).toEqual(records(name));
    });
  });
});
