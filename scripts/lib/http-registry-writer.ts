/**
 * The `reg export` of HTTP\Parameters that matches a list of netsh bindings, as HTTP.sys stores
 * them: SslBindingInfo / SslCcsBindingInfo / SslSniBindingInfo subkeys (a CCS binding is keyed
 * `0.0.0.0:<port>`), AppId in Windows GUID byte order, and no SslCertHash / SslCertStoreName
 * value when the binding has none. Shared by every sample builder so both views always agree.
 */
import type { NetshBinding } from './netsh-writer.js';
import { guidBytes, type RegKeyOut } from './reg-writer.js';

export const HTTP_PARAMETERS_KEY =
  'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\HTTP\\Parameters';

/** netsh's flag lines → DefaultFlags bits (http.h HTTP_SERVICE_CONFIG_SSL_FLAG_*). */
const FLAG_BITS: Record<string, number> = {
  'Disable HTTP2': 0x10,
  'Disable TLS1.3': 0x40,
  'Disable Legacy TLS Versions': 0x400,
  'Disable TLS1.2': 0x1000,
};

function defaultFlags(b: NetshBinding): number {
  return Object.entries(b.flags ?? {}).reduce(
    (v, [name, state]) => (state === 'Set' ? v | (FLAG_BITS[name] ?? 0) : v),
    0,
  );
}

const SUBKEY = {
  ipport: 'SslBindingInfo',
  ccs: 'SslCcsBindingInfo',
  hostnameport: 'SslSniBindingInfo',
} as const;

export function httpParametersKeys(
  bindings: readonly NetshBinding[],
  listen: readonly string[] = [],
): RegKeyOut[] {
  const P = HTTP_PARAMETERS_KEY;
  const keys: RegKeyOut[] = [
    {
      path: P,
      values: listen.length ? { ListenOnlyList: { type: 'multi_sz', value: [...listen] } } : {},
    },
  ];
  for (const [type, sub] of Object.entries(SUBKEY)) {
    keys.push({ path: `${P}\\${sub}`, values: {} });
    for (const b of bindings.filter((x) => x.type === type)) {
      keys.push({
        path: `${P}\\${sub}\\${b.type === 'ccs' ? `0.0.0.0:${b.endpoint}` : b.endpoint}`,
        values: {
          AppId: { type: 'binary', value: guidBytes(b.appId) },
          DefaultSslCertCheckMode: { type: 'dword', value: 0 },
          DefaultSslRevocationFreshnessTime: { type: 'dword', value: 0 },
          DefaultSslRevocationUrlRetrievalTimeout: { type: 'dword', value: 0 },
          ...(b.hash
            ? { SslCertHash: { type: 'binary' as const, value: Buffer.from(b.hash, 'hex') } }
            : {}),
          ...(b.store ? { SslCertStoreName: { type: 'sz' as const, value: b.store } } : {}),
          ...(defaultFlags(b)
            ? { DefaultFlags: { type: 'dword' as const, value: defaultFlags(b) } }
            : {}),
        },
      });
    }
  }
  return keys;
}
