import { describe, expect, it } from 'vitest';
import { fixtureText, inlineText } from '../test-support/fixtures.js';
import { MANGLINGS } from '../test-support/mangle.js';
import { hotfixParser, parseHotfixes } from './hotfix.js';

// Sources of the samples: hotfix.samples.md.
const read = (name: string) => parseHotfixes(fixtureText(import.meta.url, name, 'system.hotfixes'));
const rows = (name: string) =>
  read(name).value.hotfixes.map((h) => [h.hotFixId, h.description, h.installedBy, h.installedOn]);

const LEARN = [
  ['KB4495590', 'Update', 'NT AUTHORITY\\SYSTEM', '5/16/2019 00:00:00'],
  ['KB4470788', 'Security Update', 'NT AUTHORITY\\SYSTEM', '1/22/2019 00:00:00'],
  ['KB4480056', 'Update', 'NT AUTHORITY\\SYSTEM', '1/24/2019 00:00:00'],
];

describe('hotfix (installed updates)', () => {
  it('reads the Get-HotFix table Microsoft Learn documents, each row with its line', () => {
    const { value, issues } = read('hotfix.sample.en-ms-learn-get-hotfix-table.txt');
    expect(value.format).toBe('table');
    expect(rows('hotfix.sample.en-ms-learn-get-hotfix-table.txt')).toEqual(LEARN);
    expect(value.hotfixes[1]!.evidence).toMatchObject({ lines: { start: 4, end: 4 } });
    expect(value.evidence).toMatchObject({ lines: { start: 3, end: 5 } });
    expect(issues).toEqual([]);
  });

  it('reads the same rows from a copy whose padding collapsed to one space', () => {
    const { issues } = read('hotfix.sample.en-ms-learn-en-gb-collapsed-padding.txt');
    expect(rows('hotfix.sample.en-ms-learn-en-gb-collapsed-padding.txt')).toEqual(LEARN);
    expect(issues).toEqual([]);
  });

  it('keeps an empty InstalledBy empty, marks a cut one, and ignores PSComputerName', () => {
    const name = 'hotfix.sample.en-github-invoke-command-pscomputername-blank-installedby.txt';
    const { value, issues } = read(name);
    expect(issues).toEqual([]);
    expect(value.hotfixes).toHaveLength(8);
    expect(value.hotfixes[0]).toMatchObject({
      hotFixId: 'KB4512577',
      description: 'Security Update',
      installedBy: null,
      installedOn: '9/7/2019 12:00:00 AM',
    });
    expect(value.hotfixes.find((h) => h.hotFixId === 'KB4486153')).toMatchObject({
      installedBy: 'TAMUCC\\eolivares2',
      installedByTruncated: true,
      installedOn: '8/31/2020 12:00:00 AM',
    });
  });

  it('reads day-first dates as printed and a Source the table cut', () => {
    const name = 'hotfix.sample.en-github-devops-notes-day-first-truncated-source.txt';
    const { value, issues } = read(name);
    expect(issues).toEqual([]);
    expect(value.hotfixes).toHaveLength(8);
    expect(value.hotfixes[2]).toMatchObject({
      hotFixId: 'KB5012170',
      description: 'Security Update',
      installedBy: 'NT AUTHORITY\\SYSTEM',
      installedOn: '27-10-2022 00:00:00',
    });
    expect(value.hotfixes[1]).toMatchObject({ installedBy: null, description: 'Update' });
  });

  it("reads the collector's CSV: an empty InstalledOn is null, never a date", () => {
    const { value, issues } = read('hotfix.sample.synthetic-collector-csv.txt');
    expect(issues).toEqual([]);
    expect(value.format).toBe('csv');
    expect(value.hotfixes.map((h) => h.hotFixId)).toEqual([
      'KB4495590',
      'KB4470788',
      'KB3140245',
      'KB4480056',
    ]);
    expect(value.hotfixes[2]).toMatchObject({
      installedOn: null,
      installedBy: 'CONTOSO\\admin.jdoe',
      evidence: { lines: { start: 4, end: 4 } },
    });
  });

  it('reports lines it cannot read and a CSV without its columns, and keeps the rest', () => {
    const table = parseHotfixes(
      inlineText(
        'Source Description HotFixID InstalledBy InstalledOn\nServer01 Update KB4495590 NT AUTHORITY\\SYSTEM 5/16/2019\nsomething else\n',
        'system.hotfixes',
      ),
    );
    expect(table.value.hotfixes.map((h) => h.hotFixId)).toEqual(['KB4495590']);
    expect(table.issues).toEqual([expect.objectContaining({ code: 'unrecognized-line', line: 3 })]);
    const csv = parseHotfixes(inlineText('"HotFixID"\n"KB1"\n"KB4495590"\n', 'system.hotfixes'));
    expect(csv.value.hotfixes.map((h) => h.hotFixId)).toEqual(['KB1', 'KB4495590']);
    expect(csv.issues.map((i) => i.code)).toEqual([
      'missing-field',
      'missing-field',
      'missing-field',
    ]);
    expect(parseHotfixes(inlineText('', 'system.hotfixes')).issues[0]!.code).toBe('empty-input');
  });

  it('sniffs the table and the CSV, not other text', () => {
    const head = (n: string) => fixtureText(import.meta.url, n, 'system.hotfixes').text;
    expect(
      hotfixParser.sniff(head('hotfix.sample.en-ms-learn-get-hotfix-table.txt')),
    ).toBeGreaterThan(0.9);
    expect(hotfixParser.sniff(head('hotfix.sample.synthetic-collector-csv.txt'))).toBeGreaterThan(
      0.9,
    );
    expect(hotfixParser.sniff('Leap Indicator: 3(not synchronized)\nStratum: 0')).toBe(0);
  });

  describe.each(MANGLINGS.map((m) => [m.name, m] as const))('mangled: %s', (_name, m) => {
    it.each([
      'hotfix.sample.en-ms-learn-get-hotfix-table.txt',
      'hotfix.sample.en-github-invoke-command-pscomputername-blank-installedby.txt',
      'hotfix.sample.synthetic-collector-csv.txt',
    ])('reads the same updates from %s', (name) => {
      const input = fixtureText(import.meta.url, name, 'system.hotfixes');
      const mangled = parseHotfixes(inlineText(m.apply(input.text), 'system.hotfixes')).value;
      const ids = (v: typeof mangled) => v.hotfixes.map((h) => [h.hotFixId, h.installedBy]);
      expect(ids(mangled)).toEqual(ids(read(name).value));
    });
  });
});
