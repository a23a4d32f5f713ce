/**
 * Typed slots for values placed in fix commands (issue 22 point 1). Every value a fix takes from
 * evidence has a kind with a strict grammar; a value that does not match is never inserted, and a
 * value that matches is quoted for the shell the fix declares. Grammars exclude, for every kind,
 * the characters that change meaning inside a quoted argument: `"` `%` `!` (cmd expands `%VAR%`
 * even inside quotes and cannot escape it interactively), line breaks, controls, and the Unicode
 * quotes PowerShell treats as quotes (U+2018–U+201F).
 */
import { isIPv4, isIPv6 } from '../shared/ip.js';
import { domainToASCII, domainToUnicode } from 'node:url';
import type { Lang } from './rule.js';

export const SHELLS = ['cmd', 'powershell'] as const;
export type Shell = (typeof SHELLS)[number];

export const SLOT_KINDS = [
  'host',
  'ip',
  'endpoint',
  'hostport',
  'sslEndpoint',
  'sslType',
  'sslParam',
  'port',
  'thumbprint',
  'guid',
  'store',
  'service',
  'site',
  'bindingInfo',
  'path',
  'keyFile',
  'regPath',
  'pid',
  'number',
  'protocol',
  'cipherSuites',
  'eccCurve',
] as const;
export type SlotKind = (typeof SLOT_KINDS)[number];

export function isSlotKind(s: unknown): s is SlotKind {
  return typeof s === 'string' && (SLOT_KINDS as readonly string[]).includes(s);
}

/** How the "value not shown" line names each kind. */
export const KIND_NAMES: Record<SlotKind, Record<Lang, string>> = {
  host: { en: 'host name', 'zh-CN': '主机名' },
  ip: { en: 'IP address', 'zh-CN': 'IP 地址' },
  endpoint: { en: 'IP:port endpoint', 'zh-CN': 'IP:端口终结点' },
  hostport: { en: 'hostname:port', 'zh-CN': '主机名:端口' },
  sslEndpoint: { en: 'HTTP.sys binding endpoint', 'zh-CN': 'HTTP.sys 绑定终结点' },
  sslType: { en: 'HTTP.sys binding type', 'zh-CN': 'HTTP.sys 绑定类型' },
  sslParam: { en: 'HTTP.sys binding', 'zh-CN': 'HTTP.sys 绑定' },
  port: { en: 'port number', 'zh-CN': '端口号' },
  thumbprint: { en: 'certificate thumbprint', 'zh-CN': '证书指纹' },
  guid: { en: 'GUID', 'zh-CN': 'GUID' },
  store: { en: 'certificate store name', 'zh-CN': '证书存储名称' },
  service: { en: 'service name', 'zh-CN': '服务名称' },
  site: { en: 'IIS site name', 'zh-CN': 'IIS 网站名称' },
  bindingInfo: { en: 'IIS binding (ip:port:host)', 'zh-CN': 'IIS 绑定（ip:端口:主机名）' },
  path: { en: 'file path', 'zh-CN': '文件路径' },
  keyFile: { en: 'machine key file path', 'zh-CN': '计算机密钥文件路径' },
  regPath: { en: 'registry path', 'zh-CN': '注册表路径' },
  pid: { en: 'process id', 'zh-CN': '进程 ID' },
  number: { en: 'number', 'zh-CN': '数字' },
  protocol: { en: 'protocol name', 'zh-CN': '协议名称' },
  cipherSuites: { en: 'cipher-suite list', 'zh-CN': '密码套件列表' },
  eccCurve: { en: 'elliptic curve name', 'zh-CN': '椭圆曲线名称' },
};

/** Characters no slot value may contain, whatever its kind. */
// eslint-disable-next-line no-control-regex
const NEVER = /["%!`\u0000-\u001f\u007f-\u009f\u2018-\u201f\u2028\u2029\uFEFF]/;

const LABEL = '[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?';
const HOST = new RegExp(`^(?:\\*\\.)?${LABEL}(?:\\.${LABEL})*$`);
const HEX40 = /^[0-9A-Fa-f]{40}$/;
const GUID =
  /^\{?([0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12})\}?$/;
const KEY_FILE_NAME =
  /^[0-9A-Fa-f]{32}_[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$/;
/** A drive-letter path; segments without wildcards, quotes, shell metacharacters or `..`. */
// eslint-disable-next-line no-control-regex
const PATH = /^[A-Za-z]:(?:\\[^\\/:*?"<>|%^&!'`$;\u0000-\u001f]+)+\\?$/;
/** `/` only inside a key name (SCHANNEL\Ciphers\RC4 128/128), never where a switch could start. */
const REG = /^(?:HKLM|HKEY_LOCAL_MACHINE)(?:\\[A-Za-z0-9 ._-][A-Za-z0-9 ._/-]*)+$/;
const SITE = /^[\p{L}\p{N}][\p{L}\p{N} _.\-()]{0,199}$/u;
const STORE = /^[A-Za-z][A-Za-z0-9 _-]{0,63}$/;
const SERVICE = /^[A-Za-z0-9_][A-Za-z0-9_.$-]{0,79}$/;
const PROTOCOL = /^(?:SSL [23]\.0|TLS 1\.[0-3]|DTLS 1\.[02]|PCT 1\.0)$/;
/** One cipher-suite name or a comma-separated order of them (the policy's limit: 1,023 characters). */
const CIPHER_SUITES = /^(?:TLS|SSL)_[A-Z0-9_]{3,80}(?:,(?:TLS|SSL)_[A-Z0-9_]{3,80})*$/;
/** A CNG / Schannel curve name (`NistP384`, `curve25519`, `brainpoolP256r1`); an OID is refused. */
const ECC_CURVE = /^[A-Za-z][A-Za-z0-9]{2,31}$/;

function port(s: string): boolean {
  return /^\d{1,5}$/.test(s) && Number(s) >= 1 && Number(s) <= 65535;
}
/**
 * A host name in the ASCII form a fix names it by, or null. An internationalized name
 * (`bücher.contoso.de`) is given as its IDNA A-label form (`xn--bcher-kva.contoso.de`): the form a
 * client's SNI and Host header carry and HTTP.sys matches, and plain ASCII, so neither shell nor a
 * batch file's code page can change it. Only a name already in its canonical Unicode form is
 * taken (a full-width letter or dot that IDNA would map to another name is refused), and the A-label
 * form must pass the ASCII grammar, so `&` and the like stay refused.
 */
function asciiHost(s: string): string | null {
  if (/^[\x20-\x7e]*$/.test(s)) return s.length <= 253 && HOST.test(s) ? s : null;
  const a = domainToASCII(s);
  if (a === '' || domainToUnicode(a) !== s.toLowerCase()) return null;
  return a.length <= 253 && HOST.test(a) ? a : null;
}
function ip(s: string): boolean {
  return isIPv4(s) || isIPv6(s);
}
/** `1.2.3.4:443` or `[::1]:443`. */
function endpoint(s: string): boolean {
  const m = /^(?:\[([^\]]+)\]|([0-9.]+)):(\d+)$/.exec(s);
  if (!m) return false;
  return (m[1] !== undefined ? isIPv6(m[1]) : isIPv4(m[2]!)) && port(m[3]!);
}
/** `host:port` with the host in its ASCII form (see asciiHost), or null. */
function hostport(s: string): string | null {
  const i = s.lastIndexOf(':');
  if (i <= 0 || !port(s.slice(i + 1))) return null;
  const h = asciiHost(s.slice(0, i));
  return h === null ? null : `${h}${s.slice(i)}`;
}
function sslEndpoint(s: string): string | null {
  return endpoint(s) || port(s) ? s : hostport(s);
}
const SSL_TYPES = new Set(['ipport', 'hostnameport', 'ccs', 'scopedccs']);

/** Checks `value` against the grammar of `kind`; returns the canonical text or null. */
export function slotValue(kind: SlotKind, value: unknown): string | null {
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) return null;
    value = String(value);
  }
  // A cipher-suite order may fill the policy's 1,023 characters; every other kind stays short.
  const max = kind === 'cipherSuites' ? 1023 : 400;
  if (typeof value !== 'string' || value.length === 0 || value.length > max) return null;
  const s = value;
  if (NEVER.test(s)) return null;
  switch (kind) {
    case 'host':
      return asciiHost(s);
    case 'ip':
      return ip(s) ? s : null;
    case 'endpoint':
      return endpoint(s) ? s : null;
    case 'hostport':
      return hostport(s);
    case 'sslEndpoint':
      return sslEndpoint(s);
    case 'sslType':
      return SSL_TYPES.has(s) ? s : null;
    case 'sslParam': {
      const i = s.indexOf('=');
      const e = i > 0 && SSL_TYPES.has(s.slice(0, i)) ? sslEndpoint(s.slice(i + 1)) : null;
      return e === null ? null : `${s.slice(0, i)}=${e}`;
    }
    case 'port':
      return port(s) ? s : null;
    case 'thumbprint':
      return HEX40.test(s) ? s : null;
    case 'guid': {
      const m = GUID.exec(s);
      return m ? `{${m[1]!.toLowerCase()}}` : null;
    }
    case 'store':
      return STORE.test(s) ? s : null;
    case 'service':
      return SERVICE.test(s) ? s : null;
    case 'site':
      return SITE.test(s) && s.trim() === s ? s : null;
    case 'bindingInfo': {
      const m = /^(\*|[0-9.]+|\[[^\]]+\]):(\d+):(.*)$/.exec(s);
      if (!m) return null;
      const a = m[1]!;
      const okAddr = a === '*' || isIPv4(a) || (a.startsWith('[') && isIPv6(a.slice(1, -1)));
      const h = m[3] === '' ? '' : asciiHost(m[3]!);
      return okAddr && port(m[2]!) && h !== null ? `${a}:${m[2]}:${h}` : null;
    }
    case 'path':
      return PATH.test(s) && !/\\\.\.?(\\|$)/.test(s) ? s : null;
    case 'keyFile': {
      if (!PATH.test(s)) return null;
      const parts = s.split('\\');
      const dir = parts.slice(0, -1).join('\\').toLowerCase();
      const ok =
        KEY_FILE_NAME.test(parts.at(-1) ?? '') &&
        /\\microsoft\\crypto\\(rsa\\machinekeys|keys)$/.test(dir);
      return ok ? s : null;
    }
    case 'regPath':
      return REG.test(s) ? s : null;
    case 'pid':
      return /^\d{1,10}$/.test(s) ? s : null;
    case 'number':
      return /^-?\d{1,15}$/.test(s) ? s : null;
    case 'protocol':
      return PROTOCOL.test(s) ? s : null;
    case 'cipherSuites':
      return s.length <= 1023 && CIPHER_SUITES.test(s) ? s : null;
    case 'eccCurve':
      return ECC_CURVE.test(s) ? s : null;
  }
}

/** Kinds quoted even when bare would do: paths read better, and stay safe if a grammar widens. */
const ALWAYS_QUOTED = new Set<SlotKind>(['path', 'keyFile', 'regPath', 'site']);
const CMD_BARE = /^[A-Za-z0-9._:\\/{}[\]*=@$-]+$/;
const PS_BARE = /^[A-Za-z0-9][A-Za-z0-9._]*$/;

/**
 * Quotes a checked value for `shell`. cmd: bare when it has only inert characters, else inside
 * `"…"` (the grammars already refused `"`, `%`, `!`; `&|<>^` are literal inside quotes).
 * PowerShell: a verbatim '…' string with every single-quote character doubled (PowerShell also
 * ends a verbatim string at U+2018–U+201B, refused above anyway).
 */
export function quoteFor(shell: Shell, s: string, kind?: SlotKind): string {
  if (shell === 'cmd') return CMD_BARE.test(s) && !ALWAYS_QUOTED.has(kind!) ? s : `"${s}"`;
  if (PS_BARE.test(s)) return s;
  return `'${s.replace(/['\u2018\u2019\u201a\u201b]/g, (q) => q + q)}'`;
}

/** Comment text (a REM / # line): one line, nothing cmd could expand or redirect. */
export function commentText(shell: Shell, value: unknown): string | null {
  if (value === null || value === undefined) return null;
  let s =
    typeof value === 'string'
      ? value
      : typeof value === 'number' || typeof value === 'boolean'
        ? String(value)
        : null;
  if (s === null || s.trim() === '') return null;
  // eslint-disable-next-line no-control-regex
  s = s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\uFEFF]+/g, ' ');
  if (shell === 'cmd') s = s.replace(/["%!^&|<>]/g, '_');
  // A path with a wildcard after a key folder is shown, never copied as one (even in a comment).
  s = s.replace(/\\\*/g, '\\(wildcard)');
  return s.length > 300 ? `${s.slice(0, 300)}…` : s;
}
