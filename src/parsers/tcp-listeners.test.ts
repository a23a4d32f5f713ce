import { describe, expect, it } from 'vitest';
import { fixtureText, inlineText } from '../test-support/fixtures.js';
import { objectLineRanges, tcpListenersParser } from './tcp-listeners.js';

describe('net.tcp-listeners', () => {
  it('reads the collector shape with PowerShell 5.1 numeric states, processes and services', () => {
    const { value, issues } = tcpListenersParser.parse(
      fixtureText(import.meta.url, 'tcp-listeners.sample.synthetic-ps51-numeric-state.json.txt'),
    );
    expect(issues).toEqual([]);
    expect(value.formatVersion).toBe(1);
    expect(value.listeners).toMatchObject([
      {
        protocol: 'TCP',
        localAddress: '0.0.0.0',
        localPort: 443,
        state: 'LISTENING',
        pid: 26800,
        evidence: { lines: { start: 4, end: 10 } },
      },
      { protocol: 'TCP', localAddress: '::', pid: 4 },
      { protocol: 'UDP', localAddress: '0.0.0.0', localPort: 443, state: 'BOUND', pid: 4 },
    ]);
    expect(value.processes[1]).toMatchObject({
      pid: 26800,
      processName: 'vmware-hostd',
      evidence: { lines: { start: 40, end: 45 } },
    });
    expect(value.services).toMatchObject([{ name: 'VMwareHostd', pid: 26800, state: 'Running' }]);
  });

  it('accepts a bare single Get-NetTCPConnection object with a string state', () => {
    const { value, issues } = tcpListenersParser.parse(
      inlineText(
        '{"localaddress":"[::]","LocalPort":"8443","State":"Listen","OwningProcess":3188}',
      ),
    );
    expect(value.listeners).toMatchObject([{ localAddress: '::', localPort: 8443, pid: 3188 }]);
    expect(issues).toMatchObject([{ code: 'unsupported-variant' }]);
  });

  it('reports malformed JSON, missing fields and unknown states without throwing', () => {
    expect(tcpListenersParser.parse(inlineText('{"listeners": [')).issues).toMatchObject([
      { code: 'malformed-json' },
    ]);
    expect(tcpListenersParser.parse(inlineText('  ')).issues).toMatchObject([
      { code: 'empty-input' },
    ]);
    const { issues } = tcpListenersParser.parse(
      inlineText(
        '{"listeners":[\n{"LocalPort":443},\n{"LocalAddress":"0.0.0.0","LocalPort":1,"State":77}\n]}',
      ),
    );
    expect(issues).toMatchObject([
      { code: 'missing-field', line: 2 },
      { code: 'invalid-value', line: 3 },
    ]);
  });

  it('maps object line ranges past braces inside strings', () => {
    expect(objectLineRanges('[\n{"a":"}{"},\n{\n"b":1\n}]')).toEqual([
      { start: 2, end: 2 },
      { start: 3, end: 5 },
    ]);
  });
});
