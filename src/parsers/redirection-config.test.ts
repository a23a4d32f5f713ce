import { describe, expect, it } from 'vitest';
import { fixtureText, inlineText } from '../test-support/fixtures.js';
import { MANGLINGS } from '../test-support/mangle.js';
import { redirectionConfigParser } from './redirection-config.js';

// Source of the sample: iis-shared-config.samples.md.
const SAMPLE = 'redirection-config.sample.synthetic-shape-from-iis7-book-notes.txt';
const parse = (text: string) =>
  redirectionConfigParser.parse(inlineText(text, 'iis.redirection', 'iis/redirection.config'));

describe('redirection.config', () => {
  it('reads an enabled redirect, its share and user, never the password', () => {
    const { value, issues } = redirectionConfigParser.parse(
      fixtureText(import.meta.url, SAMPLE, 'iis.redirection'),
    );
    expect(value).toMatchObject({
      enabled: true,
      path: '\\\\server1\\centralconfig$\\',
      userName: 'domain1.local\\config',
      passwordSet: true,
    });
    expect(value.evidence).toMatchObject({ lines: { start: 6, end: 9 } });
    // The collector's placeholder is no secret: the excerpt is the file's text.
    expect(value.evidence?.excerpt).toContain('password="[removed by collector]"');
    expect(issues).toEqual([]);
  });

  it('never keeps a password a pasted file still holds, not even in its evidence', () => {
    const { value } = parse(
      '<configurationRedirection enabled="true" path="\\\\fs\\c" userName="D\\u"\n    password="Pa55w0rd!" />',
    );
    expect(value.passwordSet).toBe(true);
    expect(JSON.stringify(value)).not.toContain('Pa55w0rd');
    expect(value.evidence?.excerpt).toBeUndefined();
    expect(value.evidence?.lines).toEqual({ start: 1, end: 2 });
  });

  it.each([
    [
      'enabled="false"',
      '<configuration><configurationRedirection enabled="false" path="\\\\fs\\c" /></configuration>',
      false,
    ],
    [
      'no enabled attribute (IIS default: off)',
      '<configuration><configurationRedirection /></configuration>',
      false,
    ],
    [
      'single quotes',
      "<configuration><configurationRedirection enabled='true' path='\\\\fs\\c' /></configuration>",
      true,
    ],
    ['upper-case TRUE', '<configurationRedirection enabled="TRUE" path="\\\\fs\\c"/>', true],
  ])('reads %s', (_name, text, enabled) => {
    expect(parse(text).value.enabled).toBe(enabled);
  });

  it('reads no element as shared configuration off, and says so', () => {
    const { value, issues } = parse(
      '<configuration>\n  <configSections>\n    <section name="configurationRedirection" />\n  </configSections>\n</configuration>\n',
    );
    expect(value).toMatchObject({ enabled: false, path: null, evidence: null });
    expect(issues.map((i) => i.code)).toEqual(['missing-field']);
  });

  it('ignores an element inside an XML comment', () => {
    const { value } = parse(
      '<configuration>\n<!-- <configurationRedirection enabled="true" path="\\\\old\\c" /> -->\n</configuration>\n',
    );
    expect(value.enabled).toBe(false);
  });

  it('does not guess an enabled value IIS would not read', () => {
    const { value, issues } = parse(
      '<configurationRedirection enabled="sometimes" path="\\\\fs\\c" />',
    );
    expect(value.enabled).toBeNull();
    expect(issues).toMatchObject([{ code: 'invalid-value', line: 1 }]);
  });

  it('reports an enabled redirect without its share', () => {
    expect(parse('<configurationRedirection enabled="true" />').issues).toMatchObject([
      { code: 'missing-field' },
    ]);
  });

  it('reports an empty file', () => {
    expect(parse('  \r\n').issues).toMatchObject([{ code: 'empty-input' }]);
  });

  const original = fixtureText(import.meta.url, SAMPLE, 'iis.redirection').text;
  it.each(MANGLINGS.map((m) => [m.name, m] as const))('survives %s', (_name, m) => {
    const { value } = parse(m.apply(original));
    expect(value).toMatchObject({
      enabled: true,
      path: '\\\\server1\\centralconfig$\\',
      passwordSet: true,
    });
  });

  it('is recognised by its element only', () => {
    expect(redirectionConfigParser.sniff(original)).toBeGreaterThan(0.9);
    expect(
      redirectionConfigParser.sniff('<configuration><system.webServer/></configuration>'),
    ).toBe(0);
  });
});
