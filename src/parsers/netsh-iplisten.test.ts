import { describe, expect, it } from 'vitest';
import { fixtureText, inlineText } from '../test-support/fixtures.js';
import { parseNetshIplisten } from './netsh-iplisten.js';

// Real sample: a Chinese IIS troubleshooting note (public code index file id 16231050718): two
// listings around `delete iplisten` / `add iplisten`, trailing lines of four spaces.
describe('netsh-iplisten', () => {
  it('takes the last of several listings in a real copy', () => {
    const { value, issues } = parseNetshIplisten(
      fixtureText(
        import.meta.url,
        'netsh-iplisten.sample.en-stale-ip-delete-add.txt',
        'httpsys.iplisten',
      ),
    );
    expect(value.addresses).toEqual(['192.168.33.2', '127.0.0.0', '127.0.0.1']);
    expect(value.listings).toBe(2);
    expect(value.evidence).toMatchObject({ lines: { start: 20, end: 25 } });
    expect(issues).toMatchObject([{ code: 'multiple-listings' }]);
  });

  it('reads an empty list as "listen on all addresses"', () => {
    const { value, issues } = parseNetshIplisten(
      inlineText(
        '\nIP addresses present in the IP listen list:\n-------------------------------------------\n\n\n',
      ),
    );
    expect(value).toMatchObject({ addresses: [], listings: 1 });
    expect(issues).toEqual([]);
  });

  it('reads IPv6 entries and quoted copies', () => {
    const { value } = parseNetshIplisten(
      inlineText(
        '> IP addresses present in the IP listen list:\n> ---------------------------------\n>     ::1\n>     fe80::1%4\n>     10.1.2.3\t\n',
      ),
    );
    expect(value.addresses).toEqual(['::1', 'fe80::1%4', '10.1.2.3']);
  });

  it('reports garbage and returns an empty-input issue for unrelated text', () => {
    expect(parseNetshIplisten(inlineText('hello world\n')).issues).toMatchObject([
      { code: 'unrecognized-line', line: 1 },
    ]);
    expect(parseNetshIplisten(inlineText('')).issues).toMatchObject([{ code: 'empty-input' }]);
  });
});
