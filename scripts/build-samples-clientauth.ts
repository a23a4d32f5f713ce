/**
 * Builds the client-certificate samples from samples/healthy (real formats: the healthy sample's
 * netsh / applicationHost.config / store.json / .cer files; certificates from scripts/gen-certs.ts):
 *
 * - clientauth-root-tls13: Windows Server 2022; Default Web Site requires client certificates
 *   (<access sslFlags="Ssl, SslNegotiateCert, SslRequireCert">, the IIS docs' form) while the
 *   0.0.0.0:443 binding has Negotiate Client Certificate Disabled; the issuing CA (not self-signed)
 *   is also in LocalMachine\Root; CAPI2 logs CRYPT_E_REVOCATION_OFFLINE for a client certificate
 *   (a synthetic event 11 shaped on src/parsers/event-xml.sample.synthetic-capi2-untrusted-root.txt).
 * - cert-disallowed-issuer: the issuing CA of the bound certificate is in LocalMachine\Disallowed.
 * - clientauth-healthy: the twin: Negotiate Client Certificate Enabled on the binding, the issuing
 *   CA only in CA, the Disallowed store read and holding an unrelated certificate.
 *
 *   npx tsx scripts/build-samples-clientauth.ts && npm run samples:manifest
 */
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { checkModeGate } from './lib/check-builder.js';

// --check: rebuild in a scratch copy and compare with the committed output (scripts/README.md).
checkModeGate(import.meta.url);

const SAMPLES = new URL('../samples/', import.meta.url);
const CERTS = new URL('./certs/out/', import.meta.url);
const ISSUING = '567C75B5E77B9A8E75F987E816578E01D3AFDA04';
const UNRELATED = 'private-root-ca';
const CLIENT = 'CB868CC6018E015631D33217C05DCB54504FF602';
const STORES = ['My', 'WebHosting', 'CA', 'Root', 'AuthRoot', 'Disallowed', 'ClientAuthIssuer'];

type Rec = Record<string, unknown>;

function fromHealthy(name: string): URL {
  const dir = new URL(`${name}/`, SAMPLES);
  rmSync(dir, { recursive: true, force: true });
  cpSync(new URL('healthy/', SAMPLES), dir, { recursive: true });
  return dir;
}

function server2022(dir: URL): void {
  const p = new URL('manifest.json', dir);
  const m = JSON.parse(readFileSync(p, 'utf8')) as { host: Rec };
  m.host.osCaption = 'Microsoft Windows Server 2022 Datacenter';
  m.host.osVersion = '10.0.20348';
  m.host.osBuild = 20348;
  m.host.psVersion = '5.1.20348.2849';
  writeFileSync(p, JSON.stringify(m, null, 2) + '\n');
}

/** store.json with the issuing CA's record copied into `stores`, and the stores list the collector writes. */
function storeJson(dir: URL, copies: { thumbprint: string; store: string; from?: Rec }[]): void {
  const p = new URL('certificates/store.json', dir);
  const doc = JSON.parse(readFileSync(p, 'utf8')) as { certificates: Rec[]; errors: Rec[] };
  for (const c of copies) {
    const base =
      c.from ??
      doc.certificates.find((r) => r['Thumbprint'] === c.thumbprint && r['Store'] === 'CA');
    if (!base) throw new Error(`no CA record for ${c.thumbprint}`);
    doc.certificates.push({ ...base, Store: c.store });
  }
  const out = {
    formatVersion: 1,
    certificates: doc.certificates,
    errors: doc.errors ?? [],
    stores: STORES,
  };
  writeFileSync(p, JSON.stringify(out, null, 4).replace(/\n/g, '\r\n'));
}

function copyCer(dir: URL, store: string, thumbprint: string, file = 'issuing-ca'): void {
  mkdirSync(new URL(`certificates/${store}/`, dir), { recursive: true });
  cpSync(new URL(`${file}.cer`, CERTS), new URL(`certificates/${store}/${thumbprint}.cer`, dir));
}

function requireClientCerts(dir: URL): void {
  const p = new URL('iis/applicationHost.config', dir);
  const text = readFileSync(p, 'utf8');
  const nl = text.includes('\r\n') ? '\r\n' : '\n';
  const block = [
    '    <location path="Default Web Site">',
    '        <system.webServer>',
    '            <security>',
    '                <access sslFlags="Ssl, SslNegotiateCert, SslRequireCert" />',
    '            </security>',
    '        </system.webServer>',
    '    </location>',
  ].join(nl);
  writeFileSync(p, text.replace('</configuration>', `${block}${nl}</configuration>`));
}

function negotiate(dir: URL, value: 'Enabled' | 'Disabled'): void {
  const p = new URL('httpsys/netsh-http-show-sslcert.txt', dir);
  const text = readFileSync(p, 'utf8');
  writeFileSync(p, text.replace(/(Negotiate Client Certificate : )\w+/, `$1${value}`));
}

/** HTTP\\Parameters as reg export writes it (UTF-16LE): DefaultFlags 2 = NEGOTIATE_CLIENT_CERT, as netsh shows it. */
function negotiateRegistry(dir: URL): void {
  const p = new URL('registry/http-parameters.reg', dir);
  const text = readFileSync(p).toString('utf16le');
  const out = text.replace(
    /("SslCertStoreName"="MY"\r?\n)/,
    (line) => `"DefaultFlags"=dword:00000002${line.endsWith('\r\n') ? '\r\n' : '\n'}${line}`,
  );
  if (out === text) throw new Error('no SslCertStoreName line in http-parameters.reg');
  writeFileSync(p, Buffer.from(out, 'utf16le'));
}

function capi2RevocationOffline(dir: URL): void {
  mkdirSync(new URL('events/', dir), { recursive: true });
  const event = (id: number, time: string, rec: number): string =>
    `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Microsoft-Windows-CAPI2' Guid='{5bbca4a8-b209-48dc-a8c7-b23d3e5216fb}'/><EventID>${id}</EventID><Version>0</Version><Level>2</Level><Task>${id}</Task><Opcode>2</Opcode><Keywords>0x4000000000000003</Keywords><TimeCreated SystemTime='${time}'/><EventRecordID>${rec}</EventRecordID><Correlation ActivityID='{82EF8033-BB6E-0001-8FC4-BE423CB83D9F}'/><Execution ProcessID='652' ThreadID='7972'/><Channel>Microsoft-Windows-CAPI2/Operational</Channel><Computer>WEB01</Computer><Security UserID='S-1-5-18'/></System><UserData><CertGetCertificateChain><Certificate fileRef='${CLIENT}.cer' subjectName='app.contoso.com'/><ValidationTime>${time}</ValidationTime><Flags value='20000000' CERT_CHAIN_REVOCATION_CHECK_CHAIN_EXCLUDE_ROOT='true'/><ChainEngineInfo context='machine'/><AdditionalStore/><ExtendedKeyUsage><Usage oid='1.3.6.1.5.5.7.3.2' name='Client Authentication'/></ExtendedKeyUsage><CertificateChain chainRef='{D24BDE9F-FEAC-0001-13B6-5B672C2DBC23}'><TrustStatus><ErrorStatus value='1000040' CERT_TRUST_REVOCATION_STATUS_UNKNOWN='true' CERT_TRUST_IS_OFFLINE_REVOCATION='true'/><InfoStatus value='102' CERT_TRUST_HAS_KEY_MATCH_ISSUER='true' CERT_TRUST_HAS_PREFERRED_ISSUER='true'/></TrustStatus></CertificateChain><EventAuxInfo ProcessName='lsass.exe'/><CorrelationAuxInfo TaskId='{96669230-A98C-0001-7403-56966543DE11}' SeqNumber='2'/><Result value='80092013'>The revocation function was unable to check revocation because the revocation server was offline.</Result></CertGetCertificateChain></UserData></Event>`;
  const events = [
    event(11, '2026-11-20T09:12:40.1180000Z', 20101),
    event(11, '2026-11-20T09:13:02.5510000Z', 20117),
    event(11, '2026-11-20T09:13:30.0040000Z', 20131),
  ];
  writeFileSync(
    new URL('events/capi2-operational.xml', dir),
    `<Events>\r\n${events.join('\r\n')}\r\n</Events>\r\n`,
  );
}

function expected(dir: URL, description: string, findings: Rec[], twinOf?: string): void {
  writeFileSync(
    new URL('expected-findings.json', dir),
    JSON.stringify(
      { description, ...(twinOf ? { healthyTwinOf: twinOf } : {}), findings },
      null,
      2,
    ) + '\n',
  );
}

// clientauth-root-tls13
{
  const dir = fromHealthy('clientauth-root-tls13');
  server2022(dir);
  requireClientCerts(dir);
  negotiate(dir, 'Disabled');
  copyCer(dir, 'Root', ISSUING);
  storeJson(dir, [{ thumbprint: ISSUING, store: 'Root' }]);
  capi2RevocationOffline(dir);
  expected(
    dir,
    'Windows Server 2022: Default Web Site requires client certificates (access sslFlags SslNegotiateCert, SslRequireCert) but the 0.0.0.0:443 binding has Negotiate Client Certificate Disabled, so IIS must renegotiate, which TLS 1.3 cannot (connection reset); the issuing CA (not self-signed) is also in Trusted Root (KB 2802568, 403.16); CAPI2 logs CRYPT_E_REVOCATION_OFFLINE for a client certificate (synthetic CAPI2 events shaped on the project sample). Built by scripts/build-samples-clientauth.ts.',
    [
      { ruleId: 'client-cert-tls13-renegotiation', entity: 'ipport:0.0.0.0:443' },
      { ruleId: 'root-store-not-self-signed', entity: `CA\\${ISSUING.toLowerCase()}` },
      { ruleId: 'client-cert-revocation-offline', entity: 'capi2-0x80092013-app.contoso.com' },
    ],
  );
}
// cert-disallowed-issuer
{
  const dir = fromHealthy('cert-disallowed-issuer');
  copyCer(dir, 'Disallowed', ISSUING);
  storeJson(dir, [{ thumbprint: ISSUING, store: 'Disallowed' }]);
  expected(
    dir,
    'The issuing CA of the certificate bound to 0.0.0.0:443 is in LocalMachine\\Disallowed (Untrusted Certificates) as well as in CA: Windows distrusts the chain on purpose. Built by scripts/build-samples-clientauth.ts.',
    [{ ruleId: 'certificate-distrusted', entity: 'My\\a3a24ddc3db9c858165eb1aa0210d1732f4388c3' }],
  );
}
// clientauth-healthy
{
  const dir = fromHealthy('clientauth-healthy');
  server2022(dir);
  requireClientCerts(dir);
  negotiate(dir, 'Enabled');
  negotiateRegistry(dir);
  const unrelated = readFileSync(new URL('index.json', CERTS), 'utf8');
  const thumb = (JSON.parse(unrelated) as Record<string, { thumbprint: string }>)[UNRELATED]!
    .thumbprint;
  copyCer(dir, 'Disallowed', thumb, UNRELATED);
  storeJson(dir, [
    {
      thumbprint: thumb,
      store: 'Disallowed',
      from: {
        Store: 'Disallowed',
        StoreLocation: 'LocalMachine',
        Thumbprint: thumb,
        Subject: 'CN=Fabrikam Private Root CA, O=Fabrikam Inc, C=US',
        Issuer: 'CN=Fabrikam Private Root CA, O=Fabrikam Inc, C=US',
        HasPrivateKey: false,
      },
    },
  ]);
  expected(
    dir,
    'Healthy twin of clientauth-root-tls13 and cert-disallowed-issuer: Windows Server 2022, Default Web Site requires client certificates and the binding negotiates them in the first handshake (Negotiate Client Certificate Enabled); Trusted Root holds only self-signed roots; the Disallowed store was read and holds only an unrelated certificate. Built by scripts/build-samples-clientauth.ts.',
    [],
    'clientauth-root-tls13',
  );
}

// --- Exclusive CA Trust and the ClientAuthIssuer store (issue 16) ----------------------------

/** SCHANNEL ClientAuthTrustMode as reg export writes it (UTF-16LE), in the SCHANNEL key itself. */
function trustMode(dir: URL, mode: number): void {
  const p = new URL('registry/schannel.reg', dir);
  const text = readFileSync(p).toString('utf16le');
  const key =
    '[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL]\r\n';
  if (!text.includes(key)) throw new Error('no SCHANNEL key in schannel.reg');
  const out = text.replace(key, `${key}"ClientAuthTrustMode"=dword:0000000${mode}\r\n`);
  writeFileSync(p, Buffer.from(out, 'utf16le'));
}

// clientauth-issuer-store-empty
{
  const dir = fromHealthy('clientauth-issuer-store-empty');
  requireClientCerts(dir);
  negotiate(dir, 'Enabled');
  negotiateRegistry(dir);
  trustMode(dir, 2);
  storeJson(dir, []);
  expected(
    dir,
    'SCHANNEL ClientAuthTrustMode is 2 (Exclusive CA Trust) while LocalMachine\\ClientAuthIssuer was read (store.json lists it) and holds no certificate; the 0.0.0.0:443 binding negotiates client certificates for Default Web Site (SslRequireCert) and names no CTL store. Built by scripts/build-samples-clientauth.ts.',
    [{ ruleId: 'client-auth-issuer-store-empty', entity: 'ipport:0.0.0.0:443' }],
  );
}
// clientauth-issuer-store-populated
{
  const dir = fromHealthy('clientauth-issuer-store-populated');
  requireClientCerts(dir);
  negotiate(dir, 'Enabled');
  negotiateRegistry(dir);
  trustMode(dir, 2);
  copyCer(dir, 'ClientAuthIssuer', ISSUING);
  storeJson(dir, [{ thumbprint: ISSUING, store: 'ClientAuthIssuer' }]);
  expected(
    dir,
    'Healthy twin of clientauth-issuer-store-empty: the same Exclusive CA Trust (ClientAuthTrustMode 2) and client-certificate binding, with the issuing CA of the client certificates in LocalMachine\\ClientAuthIssuer. Built by scripts/build-samples-clientauth.ts.',
    [],
    'clientauth-issuer-store-empty',
  );
}
