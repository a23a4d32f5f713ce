import { describe, expect, it } from 'vitest';
import { fixtureText, inlineText } from '../test-support/fixtures.js';
import { parseNetshSetting } from './netsh-setting.js';

const ID = 'httpsys.setting';

// Synthetic (no real output found; netsh-setting.samples.md).
describe('httpsys.setting', () => {
  it('keeps every label : value line as a setting', () => {
    const { value, issues } = parseNetshSetting(
      fixtureText(
        import.meta.url,
        'netsh-setting.sample.synthetic-label-value-sslthrottle.txt',
        ID,
      ),
    );
    expect(issues).toEqual([]);
    expect(value.settings).toMatchObject([
      { name: 'SslThrottle', value: '0', evidence: { lines: { start: 5, end: 5 } } },
    ]);
  });

  it('reports other lines and empty input', () => {
    const { value, issues } = parseNetshSetting(inlineText('> Foo : 1\nno label here\n', ID));
    expect(value.settings).toMatchObject([{ name: 'Foo', value: '1' }]);
    expect(issues).toMatchObject([{ code: 'unrecognized-line', line: 2 }]);
    expect(parseNetshSetting(inlineText('\n', ID)).issues).toMatchObject([{ code: 'empty-input' }]);
  });
});
