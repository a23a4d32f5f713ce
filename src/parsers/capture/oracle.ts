/**
 * Comparison of the parser's connections with tshark's reading of the same capture (the shared
 * tls-oracle.sh output, committed as `<capture>.tshark.json` beside each fixture). Used by the
 * fixture test and by scripts/capture-oracle.ts --check. Returns human-readable differences.
 *
 * Compared per TCP stream with a hello: endpoints, ClientHello legacy version, supported_versions
 * list, SNI, number of offered suites, negotiated version and suite, plaintext alerts
 * (sender:level:description), the frames of the first ClientHello / ServerHello, and the outcome
 * where tshark's heuristic is definite (yes / likely → established, plaintext fatal alert → failed).
 */
import type { CaptureValue, TlsConnection } from './types.js';

export interface OracleFile {
  tool: string;
  summary: Record<string, string>[];
  messages: Record<string, string>[];
}

const hex = (n: number): string => '0x' + n.toString(16).padStart(4, '0');
const ep = (addr: string, port: string): string =>
  addr.includes(':') ? `[${addr}]:${port}` : `${addr}:${port}`;

export function compareWithOracle(value: CaptureValue, oracle: OracleFile): string[] {
  const diffs: string[] = [];
  const byPair = new Map<string, TlsConnection>();
  for (const c of value.connections) byPair.set(`${c.client} ${c.server}`, c);
  if (oracle.summary.length !== value.connections.length)
    diffs.push(`connections: tshark ${oracle.summary.length}, parser ${value.connections.length}`);
  for (const row of oracle.summary) {
    const key = `${ep(row.client!, row.cport!)} ${ep(row.server!, row.sport!)}`;
    const c = byPair.get(key);
    if (!c) {
      diffs.push(`stream ${row.stream} ${key}: missing`);
      continue;
    }
    const d = (field: string, want: string, got: string): void => {
      if (want !== got)
        diffs.push(`stream ${row.stream} ${key} ${field}: tshark "${want}", parser "${got}"`);
    };
    const ch = c.clientHello;
    if (Number(row.n_ch) > 0) {
      d(
        'ClientHello legacy version',
        row.ch_versions!.split(',')[0]!,
        ch ? hex(ch.legacyVersionCode) : '',
      );
      d(
        'supported_versions',
        row.ch_supported_versions!,
        (ch?.supportedVersionCodes ?? []).map(hex).join(','),
      );
      d('SNI', row.sni!, ch?.serverName ?? '');
      d('offered suites', row.n_offered_ciphers!, String(ch?.cipherSuiteCodes.length ?? ''));
    } else if (ch)
      diffs.push(`stream ${row.stream} ${key}: parser has a ClientHello tshark does not`);
    const sh = c.serverHello;
    const hrr = c.helloRetryRequest;
    const shv = sh ? hex(sh.versionCode) : hrr?.version ? row.sh_version! : '';
    d('negotiated version', row.sh_version!, shv);
    if (sh && !sh.sslv2Format)
      d('chosen suite', row.sh_cipher!, sh.cipherSuiteCode === null ? '' : hex(sh.cipherSuiteCode));
    const plain = (row.alerts ?? '')
      .split(',')
      .filter((a) => a !== '' && !a.endsWith(':enc'))
      .join(',');
    const mine = c.alerts
      .filter((a) => a.level !== 'encrypted')
      .map((a) => `${a.from[0]}:${a.levelCode}:${a.descriptionCode}`)
      .join(',');
    d('plaintext alerts', plain, mine);
    if (row.completed === 'yes' || row.completed === 'likely')
      d('outcome', 'established', c.outcome);
    if (row.completed === 'no' && /:2:\d/.test(plain)) d('outcome', 'failed', c.outcome);
    // Frames of the first hello messages.
    const msgs = oracle.messages.filter((m) => m.stream === row.stream);
    const firstCh = msgs.find((m) => m.msg === 'ClientHello' || m.msg === 'SSLv2-ClientHello');
    if (firstCh) d('ClientHello frame', firstCh.frame!, String(ch?.frame ?? ''));
    const firstSh = msgs.find((m) => m.msg === 'ServerHello' || m.msg === 'SSLv2-ServerHello');
    if (firstSh) d('ServerHello frame', firstSh.frame!, String(sh?.frame ?? ''));
  }
  return diffs;
}
