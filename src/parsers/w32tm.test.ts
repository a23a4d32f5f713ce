import { describe, expect, it } from 'vitest';
import { fixtureText, inlineText } from '../test-support/fixtures.js';
import { MANGLINGS } from '../test-support/mangle.js';
import { parseW32tm } from './w32tm.js';

// Sources of the samples: w32tm.samples.md.
const read = (name: string) => parseW32tm(fixtureText(import.meta.url, name, 'time.w32tm'));

describe('w32tm', () => {
  it('reads every field of the verbose output Microsoft documents', () => {
    const { value, issues } = read('w32tm.sample.en-msdocs-verbose-vm-ic-provider.txt');
    expect(value).toMatchObject({
      leapIndicator: 0,
      stratum: 1,
      source: 'VM IC Time Synchronization Provider',
      lastSuccessfulSyncTime: '5/23/2023 7:51:39 PM',
      neverSynchronized: false,
      pollIntervalSeconds: 64,
      phaseOffsetSeconds: -0.0000013,
      stateMachine: 2,
      lastSyncError: '0',
      timeSinceLastGoodSyncSeconds: 15.7344985,
      errorCode: null,
      knownLabels: 16,
      unknownLabels: [],
    });
    expect(value.fieldEvidence.source).toMatchObject({ lines: { start: 8, end: 8 } });
    expect(value.evidence).toMatchObject({ lines: { start: 1, end: 17 } });
    expect(issues).toEqual([]);
  });

  it('reads an unsynchronized Local CMOS Clock from an indented blog copy', () => {
    const { value, issues } = read('w32tm.sample.en-blog-local-cmos-unsynchronized-indented.txt');
    expect(value).toMatchObject({
      leapIndicator: 3,
      stratum: 0,
      source: 'Local CMOS Clock',
      neverSynchronized: true,
      phaseOffsetSeconds: null,
    });
    expect(value.fieldEvidence.leapIndicator).toMatchObject({ lines: { start: 2 } });
    expect(issues).toEqual([]);
  });

  it('keeps a day/month/year sync time as text', () => {
    const { value } = read('w32tm.sample.en-notes-synced-dmy-date-fenced.txt');
    expect(value).toMatchObject({
      leapIndicator: 0,
      stratum: 2,
      source: 'time.windows.com,0x9',
      lastSuccessfulSyncTime: '30/05/2023 20:21:27',
      referenceId: '0x14653909',
      pollIntervalSeconds: 8192,
    });
  });

  it('reads the stopped-service error by its code', () => {
    const { value, issues } = read('w32tm.sample.en-service-not-started-0x80070426.txt');
    expect(value).toMatchObject({ errorCode: '0x80070426', leapIndicator: null, source: null });
    expect(value.fieldEvidence.error).toMatchObject({ lines: { start: 1 } });
    expect(issues).toEqual([]);
  });

  it('does not guess labels of an unknown language', () => {
    const { value, issues } = read('w32tm.sample.synthetic-de-de-unknown-labels.txt');
    expect(value).toMatchObject({ leapIndicator: null, source: null, stratum: 3 });
    expect(issues).toMatchObject([{ code: 'unknown-labels', line: 1 }]);
  });

  it('keeps the last of several runs', () => {
    const { value, issues } = parseW32tm(
      inlineText(
        'Leap Indicator: 3(not synchronized)\nSource: Local CMOS Clock\n\nw32tm /resync\nLeap Indicator: 0(no warning)\nStratum: 3 (secondary reference - syncd by (S)NTP)\nSource: dc01.contoso.com\n',
      ),
    );
    expect(value).toMatchObject({ leapIndicator: 0, source: 'dc01.contoso.com' });
    expect(issues).toMatchObject([{ code: 'multiple-runs', line: 5 }]);
  });

  it('reports a malformed number and goes on', () => {
    const { value, issues } = parseW32tm(
      inlineText('Leap Indicator: x(no warning)\nStratum: 2 (secondary)\nSource: ntp1\n'),
    );
    expect(value).toMatchObject({ leapIndicator: null, stratum: 2, source: 'ntp1' });
    expect(issues).toMatchObject([{ code: 'invalid-value', line: 1 }]);
  });

  it('says so for empty input', () => {
    expect(parseW32tm(inlineText('')).issues).toMatchObject([{ code: 'empty-input' }]);
  });

  describe.each(MANGLINGS.map((m) => [m.name, m] as const))('mangled: %s', (_name, m) => {
    it.each([
      'w32tm.sample.en-msdocs-verbose-vm-ic-provider.txt',
      'w32tm.sample.en-blog-local-cmos-unsynchronized-indented.txt',
      'w32tm.sample.en-notes-synced-dmy-date-fenced.txt',
    ])('reads the same fields from %s', (name) => {
      const plain = read(name).value;
      const input = fixtureText(import.meta.url, name, 'time.w32tm');
      const mangled = parseW32tm(inlineText(m.apply(input.text), 'time.w32tm')).value;
      const strip = ({ fieldEvidence: _f, evidence: _e, ...rest }: typeof plain) => rest;
      expect(strip(mangled)).toEqual(strip(plain));
    });
  });
});
