// Writes src/parsers/reg.sample.synthetic-http-parameters-utf16.reg (see reg.samples.md).
import { writeFileSync } from 'node:fs';
import { guidBytes, regFileBytes } from './lib/reg-writer.js';
import { checkModeGate } from './lib/check-builder.js';

// --check: rebuild in a scratch copy and compare with the committed output (scripts/README.md).
checkModeGate(import.meta.url);

const base = 'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\HTTP\\Parameters';
const hash = Buffer.from('61d34f532da121bbab64723c4871e72c92f03735', 'hex');
writeFileSync(
  new URL('../src/parsers/reg.sample.synthetic-http-parameters-utf16.reg', import.meta.url),
  regFileBytes([
    {
      path: base,
      values: { ListenOnlyList: { type: 'multi_sz', value: ['10.0.0.5', '127.0.0.1'] } },
    },
    { path: `${base}\\SslBindingInfo`, values: {} },
    {
      path: `${base}\\SslBindingInfo\\0.0.0.0:443`,
      values: {
        AppId: { type: 'binary', value: guidBytes('{4dc3e181-e14b-4a21-b022-59fc669b0914}') },
        DefaultSslCertCheckMode: { type: 'dword', value: 0 },
        DefaultSslRevocationFreshnessTime: { type: 'dword', value: 0 },
        DefaultSslRevocationUrlRetrievalTimeout: { type: 'dword', value: 0 },
        DefaultFlags: { type: 'dword', value: 0x400 },
        SslCertHash: { type: 'binary', value: hash },
        SslCertStoreName: { type: 'sz', value: 'MY' },
      },
    },
    {
      path: `${base}\\SslSniBindingInfo\\www.contoso.com:443`,
      values: {
        AppId: { type: 'binary', value: guidBytes('{00000000-0000-0000-0000-000000000000}') },
        SslCertHash: { type: 'binary', value: new Uint8Array(0) },
        SslCertStoreName: { type: 'sz', value: 'WebHosting' },
      },
    },
  ]),
);
