/**
 * The TLS 1.2 suites left (judge14 T1, T2). cipher-suites-left.sample.iiscrypto-hardening.reg.txt
 * is the real IIS-Crypto-style export /work/shared/real/text/reg/iiscrypto-style-full-hardening-
 * ffffffff-tls13-off.reg.txt (racetracks/windows_crypto tls12.reg, commit f86c71fc): RC4, DES,
 * 3DES, NULL and RC2 off, AES, hashes and key exchanges 0xffffffff, Diffie-Hellman opened twice.
 */
import { describe, expect, it } from 'vitest';
import { parseRegText, type RegFile } from '../parsers/reg.js';
import { textInput } from '../shared/parse.js';
import { fixtureText } from '../test-support/fixtures.js';
import { isTls13Suite, suiteKeyType } from './cipher-suites.js';
import { readAlgorithmKeys, tls12SuitesLeft, type AlgorithmKeys } from './cipher-suites-left.js';

const S = 'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL';

function reg(body: string): RegFile {
  const text = `Windows Registry Editor Version 5.00\r\n\r\n${body}`;
  return parseRegText(textInput({ artifactId: 'schannel.registry', path: 'schannel.reg' }, text))
    .value;
}
const off = (sub: string) => `[${S}\\${sub}]\r\n"Enabled"=dword:00000000\r\n\r\n`;

function left(keys: AlgorithmKeys, over: Partial<Parameters<typeof tls12SuitesLeft>[0]> = {}) {
  return tls12SuitesLeft({
    list: null,
    listSource: null,
    osBuild: 17763,
    keyType: 'RSA',
    tls12: true,
    keys,
    suiteKeyType: (s) => suiteKeyType(s),
    isTls13: isTls13Suite,
    ...over,
  });
}

describe('tls12SuitesLeft', () => {
  it('keeps ECDHE suites under the real IIS-Crypto-style hardening export', () => {
    const file = parseRegText(
      fixtureText(import.meta.url, 'cipher-suites-left.sample.iiscrypto-hardening.reg.txt'),
    ).value;
    const keys = readAlgorithmKeys(file);
    expect(keys.unknown).toEqual([]);
    expect(keys.removing.map((r) => r.label)).toContain(
      'SCHANNEL\\Ciphers\\Triple DES 168 Enabled=0',
    );
    expect(left(keys).state).toBe('ok');
    expect(left(keys, { keyType: 'ECDSA' }).state).toBe('ok');
  });

  it('leaves only 3DES for an RSA key when AES 128 and 256 are off on build 17763', () => {
    const r = left(
      readAlgorithmKeys(reg(off('Ciphers\\AES 128/128') + off('Ciphers\\AES 256/256'))),
    );
    expect(r).toMatchObject({
      state: 'obsolete-only',
      left: ['TLS_RSA_WITH_3DES_EDE_CBC_SHA'],
      listFrom: 'defaults of build 17763',
    });
    expect(r.removedKeys).toHaveLength(2);
  });

  it('leaves nothing when 3DES is off too', () => {
    const keys = readAlgorithmKeys(
      reg(
        off('Ciphers\\AES 128/128') + off('Ciphers\\AES 256/256') + off('Ciphers\\Triple DES 168'),
      ),
    );
    expect(left(keys).state).toBe('none');
  });

  it('leaves an ECDSA key nothing when ECDH is off, an RSA key its RSA-exchange suites', () => {
    const keys = readAlgorithmKeys(reg(off('KeyExchangeAlgorithms\\ECDH')));
    expect(left(keys, { keyType: 'ECDSA' }).state).toBe('none');
    expect(left(keys, { keyType: 'RSA' }).state).toBe('ok');
    // Unknown key type: RSA and ECDSA certificates fare differently, so it cannot tell.
    expect(left(keys, { keyType: null }).state).toBe('unknown');
  });

  it('finds no TLS 1.2 suite in a list of TLS 1.3 suites only, whatever the key type', () => {
    const r = left(readAlgorithmKeys(null), {
      list: ['TLS_AES_256_GCM_SHA384', 'TLS_AES_128_GCM_SHA256'],
      listSource: 'group-policy',
      osBuild: 20348,
      keyType: null,
    });
    expect(r).toMatchObject({ state: 'none', listLacks: true });
  });

  it('stays quiet with no algorithm keys and no list (the defaults)', () => {
    expect(left(readAlgorithmKeys(reg(''))).state).toBe('ok');
    expect(left(readAlgorithmKeys(null), { osBuild: null }).state).toBe('ok');
  });

  it('does not guess: Hashes, PKCS, unknown names, non-DWORD values and unknown builds', () => {
    for (const body of [
      off('Hashes\\SHA256'),
      off('KeyExchangeAlgorithms\\PKCS'),
      off('Ciphers\\AES 128'),
      `[${S}\\Ciphers\\AES 128/128]\r\n"Enabled"="0"\r\n\r\n`,
    ])
      expect(left(readAlgorithmKeys(reg(body))).state, body).toBe('unknown');
    const aesOff = readAlgorithmKeys(
      reg(off('Ciphers\\AES 128/128') + off('Ciphers\\AES 256/256')),
    );
    expect(left(aesOff, { osBuild: null }).state).toBe('unknown');
    expect(left(aesOff, { osBuild: 9600 }).state).toBe('unknown');
    expect(left(aesOff, { tls12: null }).state).toBe('unknown');
  });

  it('is not applicable when TLS 1.2 is off', () => {
    const aesOff = readAlgorithmKeys(
      reg(off('Ciphers\\AES 128/128') + off('Ciphers\\AES 256/256')),
    );
    expect(left(aesOff, { tls12: false }).state).toBe('not-applicable');
  });
});
