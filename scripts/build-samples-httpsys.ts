/**
 * Builds the HTTP.sys parts of samples/healthy and the scenario-4 samples: netsh text and the
 * matching `reg export` of HTTP\Parameters from one binding list, so both views agree exactly as
 * they do on a real server. Other areas add their own files; `npm run samples:manifest` then
 * rewrites each manifest.json from the files present.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { httpParametersKeys } from './lib/http-registry-writer.js';
import { regFileBytes, type RegKeyOut } from './lib/reg-writer.js';
import { renderIplisten, renderSslcert, type NetshBinding } from './lib/netsh-writer.js';
import { checkModeGate } from './lib/check-builder.js';

// --check: rebuild in a scratch copy and compare with the committed output (scripts/README.md).
checkModeGate(import.meta.url);

const IIS = '{4dc3e181-e14b-4a21-b022-59fc669b0914}';
const ZERO = '{00000000-0000-0000-0000-000000000000}';
/** Thumbprint of the sample server certificate: server-good from scripts/gen-certs.ts (scripts/certs/out/index.json). */
export const HEALTHY_HASH =
  process.env['SAMPLE_CERT_HASH'] ?? 'a3a24ddc3db9c858165eb1aa0210d1732f4388c3';

interface Spec {
  netsh: NetshBinding[];
  /** Registry bindings; by default the same as netsh. */
  registry?: NetshBinding[];
  listen: string[];
  /** Write the listing with the real sample's trailing lines of four spaces. */
  realTrailing?: boolean;
}

const healthyBinding: NetshBinding = {
  type: 'ipport',
  endpoint: '0.0.0.0:443',
  hash: HEALTHY_HASH,
  appId: IIS,
  store: 'MY',
};

const SPECS: Record<string, Spec> = {
  healthy: { netsh: [healthyBinding], listen: [] },
  's4-empty-hash': {
    netsh: [{ ...healthyBinding, hash: '' }],
    registry: [{ ...healthyBinding, hash: '' }],
    listen: [],
  },
  's4-zero-appid': { netsh: [{ ...healthyBinding, appId: ZERO }], listen: [] },
  's4-iplisten': {
    netsh: [healthyBinding, { ...healthyBinding, endpoint: '10.20.30.41:443' }],
    listen: ['192.168.33.1', '127.0.0.1'],
  },
  's4-iplisten-loopback-only': {
    netsh: [healthyBinding],
    listen: ['127.0.0.1'],
    realTrailing: true,
  },
  // Per-binding protocol flags (issue 20 #7); registry/schannel.reg is the real IIS Crypto-style
  // hardening export beside src/parsers/reg.ts (only TLS 1.2 enabled for the server).
  'sslcert-flags-no-protocol': {
    netsh: [{ ...healthyBinding, flags: { 'Disable TLS1.2': 'Set' } }],
    listen: [],
  },
  'sslcert-flags-legacy-only-disabled': {
    netsh: [{ ...healthyBinding, flags: { 'Disable Legacy TLS Versions': 'Set' } }],
    listen: [],
  },
  // The captures come from scripts/make-flags-capture.sh (port 44301).
  'sslcert-flags-refuse-clients': {
    netsh: [
      {
        ...healthyBinding,
        endpoint: '0.0.0.0:44301',
        flags: { 'Disable Legacy TLS Versions': 'Set' },
      },
    ],
    listen: [],
  },
  'sslcert-flags-tls12-clients': {
    netsh: [
      {
        ...healthyBinding,
        endpoint: '0.0.0.0:44301',
        flags: { 'Disable Legacy TLS Versions': 'Set' },
      },
    ],
    listen: [],
  },
  'iplisten-covers-binding': {
    netsh: [healthyBinding],
    listen: ['10.0.0.5', '127.0.0.1'],
    realTrailing: true,
  },
};

function registryKeys(spec: Spec): RegKeyOut[] {
  return httpParametersKeys(spec.registry ?? spec.netsh, spec.listen);
}

for (const [name, spec] of Object.entries(SPECS)) {
  const dir = new URL(`../samples/${name}/`, import.meta.url);
  mkdirSync(new URL('httpsys/', dir), { recursive: true });
  mkdirSync(new URL('registry/', dir), { recursive: true });
  writeFileSync(new URL('httpsys/netsh-http-show-sslcert.txt', dir), renderSslcert(spec.netsh));
  writeFileSync(
    new URL('httpsys/netsh-http-show-iplisten.txt', dir),
    renderIplisten(spec.listen, spec.realTrailing),
  );
  writeFileSync(new URL('registry/http-parameters.reg', dir), regFileBytes(registryKeys(spec)));
}
console.log(`wrote ${Object.keys(SPECS).join(', ')}`);
