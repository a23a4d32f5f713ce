import { describe, expect, it } from 'vitest';
import { fixtureText } from '../test-support/fixtures.js';
import { decodeDefaultFlags, guidFromBytes, httpRegistryView } from './http-registry.js';
import { parseRegText } from './reg.js';

describe('http-registry', () => {
  it('reads bindings, GUID byte order, flags and the listen list (synthetic reg export, see reg.samples.md)', () => {
    const reg = parseRegText(
      fixtureText(
        import.meta.url,
        'reg.sample.synthetic-http-parameters-utf16.reg',
        'httpsys.registry',
      ),
    ).value;
    const view = httpRegistryView(reg);
    expect(view.listenOnlyList).toEqual(['10.0.0.5', '127.0.0.1']);
    expect(view.bindings).toMatchObject([
      {
        type: 'ipport',
        endpoint: '0.0.0.0:443',
        certificateHash: '61d34f532da121bbab64723c4871e72c92f03735',
        applicationId: '{4dc3e181-e14b-4a21-b022-59fc669b0914}',
        certificateStoreName: 'MY',
        flagNames: ['DISABLE_LEGACY_TLS'],
        evidence: { artifactId: 'httpsys.registry', lines: { start: 9, end: 16 } },
      },
      {
        type: 'hostnameport',
        endpoint: 'www.contoso.com:443',
        certificateHash: null,
        certificateHashMalformed: false,
        applicationId: '{00000000-0000-0000-0000-000000000000}',
        certificateStoreName: 'WebHosting',
      },
    ]);
  });

  it('decodes flags and keeps unknown bits', () => {
    expect(decodeDefaultFlags(0x2 | 0x40 | 0x10000)).toEqual({
      names: ['NEGOTIATE_CLIENT_CERT', 'DISABLE_TLS13'],
      unknown: 0x10000,
    });
  });

  it('rejects GUIDs of the wrong length', () => {
    expect(guidFromBytes(new Uint8Array(3))).toBeNull();
  });
});
