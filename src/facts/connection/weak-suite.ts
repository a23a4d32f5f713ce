/**
 * Broken cipher suites a ServerHello may choose (judge9 S3): what makes each one broken, and the
 * SCHANNEL\Ciphers key that turns its cipher off server-wide (Microsoft Learn, "TLS registry
 * settings": the key names carry a `/`, e.g. `RC4 128/128`). Schannel never offers an anonymous
 * suite, and no Windows key turns one off: the class says so and the key is null.
 */
import { SCHANNEL } from '../protocol-policy.js';

export type WeakSuiteClass = 'anon' | 'export' | 'null' | 'rc4' | 'des' | '3des';

export interface WeakSuite {
  class: WeakSuiteClass;
  /** The SCHANNEL\Ciphers subkey of its cipher, or null when no key covers it. */
  cipherKey: string | null;
}

export function weakSuite(name: string): WeakSuite | null {
  if (/_anon_/i.test(name)) return { class: 'anon', cipherKey: null };
  if (/_EXPORT/.test(name)) {
    const key = /_RC4_40_/.test(name)
      ? 'RC4 40/128'
      : /_RC4_56_/.test(name)
        ? 'RC4 56/128'
        : /_RC2_CBC_40_/.test(name)
          ? 'RC2 40/128'
          : /_DES_CBC_SHA$/.test(name)
            ? 'DES 56/56'
            : null;
    return { class: 'export', cipherKey: key };
  }
  if (/_WITH_NULL_|^TLS_NULL_/.test(name)) return { class: 'null', cipherKey: 'NULL' };
  if (/_RC4_128_/.test(name)) return { class: 'rc4', cipherKey: 'RC4 128/128' };
  if (/_3DES_EDE_CBC_/.test(name)) return { class: '3des', cipherKey: 'Triple DES 168' };
  if (/_DES_CBC_/.test(name)) return { class: 'des', cipherKey: 'DES 56/56' };
  return null;
}

export const cipherKeyPath = (key: string | null): string | null =>
  key === null ? null : `${SCHANNEL}\\Ciphers\\${key}`;
