/**
 * The labels of `netsh http show sslcert` (netsh-sslcert.ts): the field each names, and the order
 * netsh prints them in (read by position when a locale's labels are unknown).
 */
export type Field =
  | 'endpoint:ipport'
  | 'endpoint:hostnameport'
  | 'endpoint:ccs'
  | 'endpoint:scopedccs'
  | 'certificateHash'
  | 'applicationId'
  | 'certificateStoreName'
  | 'extended'
  | string;

/** Known labels (canonical lower case) → field. English from real output; zh-CN from Microsoft's Chinese IIS article. */
export const LABELS: Record<string, Field> = {
  'ip:port': 'endpoint:ipport',
  'ip:端口': 'endpoint:ipport',
  'ip 端口': 'endpoint:ipport',
  'hostname:port': 'endpoint:hostnameport',
  '主机名:端口': 'endpoint:hostnameport',
  'central certificate store': 'endpoint:ccs',
  中央证书存储: 'endpoint:ccs',
  'scoped central certificate store': 'endpoint:scopedccs',
  'scoped ccs': 'endpoint:scopedccs',
  'certificate hash': 'certificateHash',
  certhash: 'certificateHash',
  证书哈希: 'certificateHash',
  'application id': 'applicationId',
  appid: 'applicationId',
  '应用程序 id': 'applicationId',
  'certificate store name': 'certificateStoreName',
  certstorename: 'certificateStoreName',
  证书存储名称: 'certificateStoreName',
  'verify client certificate revocation': 'verifyClientCertRevocation',
  验证客户端证书吊销: 'verifyClientCertRevocation',
  'verify revocation using cached client certificate only':
    'verifyRevocationWithCachedClientCertOnly',
  'usage check': 'usageCheck',
  'revocation freshness time': 'revocationFreshnessTime',
  吊销新鲜度时间: 'revocationFreshnessTime',
  'url retrieval timeout': 'urlRetrievalTimeout',
  'url 检索超时': 'urlRetrievalTimeout',
  'ctl identifier': 'ctlIdentifier',
  'ctl store name': 'ctlStoreName',
  'ds mapper usage': 'dsMapperUsage',
  'negotiate client certificate': 'negotiateClientCertificate',
  'reject connections': 'rejectConnections',
  'disable http2': 'disableHttp2',
  'disable quic': 'disableQuic',
  'disable tls1.2': 'disableTls12',
  'disable tls1.3': 'disableTls13',
  'disable tls1.3 over tcp': 'disableTls13',
  'disable ocsp stapling': 'disableOcspStapling',
  'enable token binding': 'enableTokenBinding',
  'log extended events': 'logExtendedEvents',
  'disable legacy tls versions': 'disableLegacyTls',
  'disable legacy tls': 'disableLegacyTls',
  'enable session ticket': 'enableSessionTicket',
  'disable session id': 'disableSessionId',
  'extended properties': 'extended',
};

/** Field order netsh prints after the endpoint; used when a label is not known (other locales). */
export const POSITIONAL: Field[] = [
  'certificateHash',
  'applicationId',
  'certificateStoreName',
  'verifyClientCertRevocation',
  'verifyRevocationWithCachedClientCertOnly',
  'usageCheck',
  'revocationFreshnessTime',
  'urlRetrievalTimeout',
  'ctlIdentifier',
  'ctlStoreName',
  'dsMapperUsage',
  'negotiateClientCertificate',
];
