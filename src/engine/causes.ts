/**
 * The causes of "HTTPS fails" the rules diagnose, in the order an engineer checks them:
 * docs/rules/README.md lists the rules by cause with the evidence each needs (`npm run
 * rules:index`). Data, typed here rather than a JSON file among the rules: a new rule adds its id
 * under one cause, and a test fails when a rule has no cause or two.
 */
import type { Lang } from './rule.js';

export interface Cause {
  id: string;
  title: Record<Lang, string>;
  /** Seed scenario (1–5) the cause belongs to, or null. */
  scenario: number | null;
  rules: readonly string[];
}

export const CAUSES: readonly Cause[] = [
  {
    id: 'binding',
    title: {
      en: 'The HTTP.sys SSL binding is missing, broken or disagrees with IIS',
      'zh-CN': 'HTTP.sys SSL 绑定缺失、损坏或与 IIS 不一致',
    },
    scenario: 4,
    rules: [
      'binding-certificate-not-found',
      'sslcert-empty-certificate-hash',
      'sslcert-missing-store-name',
      'sslcert-zero-application-id',
      'sslcert-duplicate-binding',
      'sslcert-wildcard-twins-differ',
      'sslcert-sources-disagree',
      'httpsys-iis-entry-without-iis-binding',
      'httpsys-sni-entry-shadows-ccs',
      'iis-no-https-binding',
      'iis-no-site-has-https-binding',
      'iis-https-binding-without-sslcert',
      'handshake-plain-http-reply',
      'iis-binding-certificate-differs-from-sslcert',
      'iis-duplicate-https-binding',
      'iis-sni-binding-without-host-name',
      'iis-sni-binding-without-hostnameport',
      'iis-ccs-binding-without-ccs-entry',
      'iis-ccs-provider-disabled',
      'iis-ccs-folder-unavailable',
      'iis-ccs-certificate-file-missing',
      'iis-sni-ccs-binding-before-iis8',
      'httpevent-ssl-configuration-error',
      'httpsys-sni-only-port-resets',
      'httpsys-sni-host-not-bound',
      'httpsys-sni-only-port',
      'httpevent-ssl-binding-deleted',
      'iis-legacy-ssl-hash-metadata',
      'iis-shared-configuration',
      'httpsys-https-url-without-sslcert',
    ],
  },
  {
    id: 'listening',
    title: {
      en: 'Nothing answers on the HTTPS address: listen list, stopped site, port taken',
      'zh-CN': 'HTTPS 地址无人应答：侦听列表、站点已停止、端口被占用',
    },
    scenario: 3,
    rules: [
      'iplisten-excludes-binding-address',
      'iplisten-binding-reach-unverified',
      'iplisten-restricts-listening',
      'iis-binding-address-not-listened',
      'iis-https-port-not-listening',
      'iis-https-site-stopped',
      'port-held-by-other-process',
      'port-443-held-no-binding-list',
      'iis-site-url-registration-failed',
      'tcp-connection-refused',
      'tcp-syn-unanswered',
    ],
  },
  {
    id: 'private-key',
    title: {
      en: "The certificate's private key is missing, unreadable, corrupt or in the wrong provider",
      'zh-CN': '证书私钥缺失、无法读取、已损坏或位于错误的提供程序中',
    },
    scenario: 1,
    rules: [
      'certificate-missing-private-key',
      'certificate-private-key-unusable',
      'machinekeys-acl-missing-system',
      'machinekeys-folder-acl-too-broad',
      'key-acl-sources-disagree',
      'machinekeys-folder-acl-inherited-read',
      'schannel-certificate-no-private-key',
      'schannel-private-key-access-denied',
      'schannel-private-key-corrupt',
      // a server-side 36870 whose code no specific rule covers (judge6 S4b)
      'schannel-server-key-error-other',
      // netsh http add / update sslcert refused with 1312: the key is not usable (judge7 S5)
      'sslcert-add-failed-private-key',
      'certificate-key-in-hardware-provider',
      'certificate-key-signature-only',
    ],
  },
  {
    id: 'chain',
    title: {
      en: 'The certificate chain is incomplete, untrusted or takes a wrong path',
      'zh-CN': '证书链不完整、不受信任或路径错误',
    },
    scenario: 2,
    rules: [
      'certificate-chain-incomplete',
      'certificate-wire-issuer-not-sent',
      'certificate-untrusted-root',
      'certificate-self-signed',
      'certificate-ca-bound',
      'capi2-chain-untrusted-root',
      'certificate-distrusted',
      'certificate-chain-expired-ca',
      'certificate-chain-wrong-path',
    ],
  },
  {
    id: 'certificate-fit',
    title: {
      en: 'The certificate does not fit: names, usage, key or signature',
      'zh-CN': '证书不适用：名称、用途、密钥或签名',
    },
    scenario: 2,
    rules: [
      'certificate-name-mismatch',
      'certificate-missing-server-auth-eku',
      'certificate-template-not-server',
      'capi2-chain-wrong-usage',
      'certificate-weak-key',
      'certificate-sha1-signature',
      'handshake-certificate-mismatch',
      'handshake-client-rejects-certificate',
    ],
  },
  {
    id: 'validity',
    title: {
      en: 'The certificate is expired, not yet valid, or an old one is still bound after renewal',
      'zh-CN': '证书已过期、尚未生效，或续订后仍绑定旧证书',
    },
    scenario: null,
    rules: [
      'certificate-expired',
      'certificate-expires-soon',
      'certificate-expiry-date-ambiguous',
      'certificate-not-yet-valid',
      'certificate-renewal-not-bound',
      'certificate-renewal-installed-old-valid',
      'clock-unsynchronized-certificate-just-valid',
      'clock-unsynchronized-certificate-expired',
    ],
  },
  {
    id: 'protocols',
    title: {
      en: 'Client and server share no protocol version',
      'zh-CN': '客户端与服务器没有共同的协议版本',
    },
    scenario: 5,
    rules: [
      'schannel-no-server-protocol-left',
      'schannel-no-server-protocol-left-not-in-effect',
      'schannel-protocol-off-but-negotiated',
      'schannel-server-protocol-disabled',
      'schannel-protocol-setting-not-read',
      'schannel-legacy-protocol-enabled',
      'handshake-protocol-version-mismatch',
      'handshake-server-negotiates-legacy-version',
      'handshake-server-accepts-legacy-protocol',
      'sslcert-flags-refuse-clients',
      'sslcert-flags-leave-no-protocol',
      'sslcert-flags-leave-only-legacy',
      'sslcert-flags-leave-only-tls13',
      'schannel-credential-creation-failed',
    ],
  },
  {
    id: 'cipher-suites',
    title: {
      en: 'Client and server share no cipher suite',
      'zh-CN': '客户端与服务器没有共同的密码套件',
    },
    scenario: 5,
    rules: [
      'schannel-no-shared-cipher',
      'cipher-suites-no-usable-suite',
      // TLS 1.2 on, yet the SCHANNEL algorithm keys or the list leave it no suite (judge14 T1, T2)
      'cipher-suites-no-tls12-suite-left',
      'cipher-suites-http2-forbidden-suite-first',
      'handshake-http2-forbidden-suite',
      'handshake-server-negotiates-weak-suite',
      'handshake-server-refuses-client-offer',
      'fips-policy-blocks-client-suites',
      'fips-policy-enabled',
      // EC certificate key on a curve the curve list lacks (issue 16)
      'certificate-ecc-curve-disabled',
    ],
  },
  {
    id: 'client-certificates',
    title: {
      en: 'Client-certificate authentication and revocation checking',
      'zh-CN': '客户端证书身份验证与吊销检查',
    },
    scenario: null,
    rules: [
      'client-cert-tls13-renegotiation',
      'root-store-not-self-signed',
      'client-cert-revocation-offline',
      'handshake-client-certificate-missing',
      'handshake-server-rejects-client-certificate',
      // HTTP.sys error logs (issue 16)
      'httperr-ssl-renegotiation-timeout',
      // Exclusive CA Trust with an empty ClientAuthIssuer store (issue 16)
      'client-auth-issuer-store-empty',
    ],
  },
  {
    id: 'outbound',
    title: {
      en: "Outbound TLS of the server's own applications, clock and policy",
      'zh-CN': '服务器自身应用程序的出站 TLS、时钟与策略',
    },
    scenario: null,
    rules: [
      'schannel-client-credential-failed',
      // 36870 for a client credential: an application's outbound certificate (judge6 M10)
      'schannel-client-credential-key-error',
      'clock-not-synchronized',
      'dotnet-outbound-tls12-not-default',
      'winhttp-tls12-not-default',
      // TLS 1.2 off on the Schannel Client side: this server's outbound TLS (judge14 M4)
      'schannel-client-tls12-disabled',
      // IIS W3C logs: ARR / URL Rewrite to an HTTPS backend (issue 20 #10)
      'arr-backend-tls-secure-failure',
    ],
  },
  {
    id: 'handshake-symptoms',
    title: {
      en: 'Handshake failures seen without a decided cause (symptoms and evidence quality)',
      'zh-CN': '未确定原因的握手失败（症状与证据质量）',
    },
    scenario: null,
    rules: [
      'handshake-failed-alert',
      'handshake-no-server-hello',
      'schannel-fatal-alert-received',
      'schannel-fatal-alert-sent',
      'schannel-legacy-clients-refused',
      'schannel-non-tls-traffic',
      'schannel-event-logging-limited',
      'events-historical',
      'events-age-unknown',
    ],
  },
];

/** Rule ids listed under no cause, under two, or unknown to the rule set (for the test and the index). */
export function causeProblems(causes: readonly Cause[], ruleIds: readonly string[]): string[] {
  const seen = new Map<string, string>();
  const problems: string[] = [];
  const known = new Set(ruleIds);
  for (const c of causes)
    for (const r of c.rules) {
      const other = seen.get(r);
      if (other) problems.push(`${r} is listed under both "${other}" and "${c.id}"`);
      seen.set(r, c.id);
      if (!known.has(r)) problems.push(`${r} (cause "${c.id}") is not a rule`);
    }
  for (const id of ruleIds) if (!seen.has(id)) problems.push(`${id} is listed under no cause`);
  return problems;
}
