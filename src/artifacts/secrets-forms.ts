/**
 * Credentials whose name does not say "password" (round 11, t11): the value of a setting named
 * like a key or token (`<add key="StripeApiKey" value="sk_live_…"/>`, `validationKey="…"`), the
 * password of a URL (`https://user:pass@host/`), a SAS signature or token in a URL query
 * (`?sv=…&sig=…`), an `Authorization:` header, well-known key shapes (AWS `AKIA…`, Stripe
 * `sk_live_…`, GitHub `ghp_…`, JWTs) and command-line password options (`-p`, `/pass:`,
 * `-Password`, `pass:` of openssl, `ConvertTo-SecureString '…'`).
 *
 * Not masked, because a diagnosis reads them: thumbprints, certificate hashes, `sslFlags`,
 * `certificateStoreName`, binding information, key container names, registry value names. The
 * name test looks at the LAST word of a name (`keyContainer`, `KeySpec`, `certificateHash`,
 * `SignatureAlgorithm` end in another word), and a lone attribute `key` (the name of a setting,
 * not its value) is never masked.
 *
 * Everything here works on one line; secrets.ts calls it for every decoded line that passes its
 * cheap test, and the event log parser for what it keeps of an event (command lines too).
 */
export const SECRET_PLACEHOLDER = '[removed by tls-doctor]';
export const COLLECTOR_PLACEHOLDER = '[removed by collector]';

/** Any word of the name says it holds a credential. */
const SECRET_WORDS = new Set([
  'password',
  'passwd',
  'pwd',
  'secret',
  'secrets',
  'passphrase',
  'apikey',
  'connectionstring',
  'credential',
  'credentials',
]);
/** The name's last word says it (`StripeApiKey`, `Jwt:SigningKey`, `ApiToken`, `SasToken`). */
const LAST_WORDS = new Set([
  'key',
  'keys',
  'token',
  'tokens',
  'signature',
  'sig',
  'sas',
  'authorization',
  'pass',
]);
/** A secret word followed by one of these names a property of the secret, not the secret. */
const NOT_A_VALUE = new Set([
  'format',
  'policy',
  'length',
  'expiry',
  'expires',
  'expiration',
  'required',
  'enabled',
  'type',
  'name',
  'names',
  'id',
  'file',
  'path',
  'store',
  'url',
  'uri',
  'endpoint',
  'algorithm',
  'hash',
  'thumbprint',
  'container',
  'spec',
  'usage',
  'size',
  'provider',
  'mode',
  'version',
  'prompt',
  'reset',
  'attempts',
  'count',
]);

function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '');
}

/**
 * A name that says its value is a credential: `ApiKey`, `Jwt:SigningKey`, `ClientSecret`,
 * `AccessKey`, `SasToken`, `StorageConnectionString`, `db_password`; not `keyContainer`,
 * `PublicKey`, `certificateHash`, `sslFlags`, `KeySpec`, `PasswordFormat`, nor a lone `key`.
 */
export function isCredentialName(name: string, connectionString = true): boolean {
  const w = words(name);
  // A `connectionString=` attribute keeps what the diagnosis reads (server, Encrypt=):
  // secrets.ts masks the password inside it.
  if (!connectionString && w.join('').endsWith('connectionstring')) return false;
  const last = w[w.length - 1];
  if (last === undefined) return false;
  if (w.length === 1 && last === 'key') return false;
  if (NOT_A_VALUE.has(last)) return false;
  const before = w[w.length - 2];
  if (last === 'key' && (before === 'public' || before === 'sort' || before === 'primary'))
    return false;
  if (LAST_WORDS.has(last)) return true;
  if (before !== undefined && SECRET_WORDS.has(before + last)) return true;
  return w.some((x) => SECRET_WORDS.has(x));
}

/** Values that are settings, not secrets (`validationKey="AutoGenerate,IsolateApps"`, `true`). */
const NOT_SECRET_VALUE = /^(?:true|false|none|AutoGenerate(?:\s*,\s*Isolate\w+)*)$/i;

export function keptValue(inner: string): boolean {
  return inner.trim() === '' || inner.startsWith('[removed') || NOT_SECRET_VALUE.test(inner.trim());
}

/** `name="value"` / `name='value'` (an XML attribute, a PowerShell hashtable entry). */
const ATTRIBUTE = /(?<![\w.:-])([A-Za-z_][\w.:-]*)(\s*=\s*)("[^"]*"|'[^']*')/g;

/** One element's opening tag (or what of it this line holds). */
const TAG = /<[A-Za-z][\w:.-]*\s[^<>]*/g;
const PAIR_NAME = /(?<![\w.:-])(?:key|name)\s*=\s*(?:"([^"]*)"|'([^']*)')/i;
const PAIR_VALUE = /(?<![\w.:-])(value\s*=\s*)("[^"]*"|'[^']*')/i;

/** `scheme://user:password@host`: the password. */
const URL_PASSWORD = /(\b[A-Za-z][\w+.-]*:\/\/[^\s/?#@"'<>:]*:)([^\s/?#@"'<>]+)(?=@)/g;
/** A query parameter of a URL (`?a=1&sig=…`, `&amp;sig=…` inside XML). */
const QUERY_PARAM = /([?&](?:amp;)?)([\w.-]+)=([^&#\s"'<>]*)/g;
/** `Authorization: Basic …` / `Bearer …` (and Proxy-Authorization, Negotiate, NTLM, Digest). */
const AUTHORIZATION =
  /(\bauthorization["']?\s*[:=]\s*["']?(?:basic|bearer|negotiate|ntlm|digest)\s+)([^"'<>\r\n]*[^\s"'<>])/gi;
/** Key shapes that are secrets wherever they appear. */
const KNOWN_KEYS =
  /\b(?:(?:AKIA|ASIA)[0-9A-Z]{16}|[sr]k_(?:live|test)_[0-9A-Za-z]{8,}|gh[pousr]_[0-9A-Za-z]{30,}|eyJ[\w-]{8,}\.eyJ[\w-]{8,}\.[\w-]{8,})\b/g;

/** `"ApiKey": "…"` of a JSON document (appsettings.json). */
const JSON_PAIR = /("([\w.:-]+)"\s*:\s*)("(?:[^"\\]|\\.)*")/g;
/** `STRIPE_KEY=…`, `set ClientSecret=…`, `$apiKey = '…'` alone on a line (.env, a script). */
const ASSIGNMENT = /^(\s*(?:set\s+|export\s+|\$(?:env:)?)?([A-Za-z_][\w.:-]*)\s*=\s*)(.*\S)\s*$/i;

/** Command-line password options that are unambiguous in any text. */
const LONG_OPTION =
  /((?:^|[\s"'(])(?:--?|\/)(?:password|passwd|pwd|passphrase|pass|clientsecret|client-secret|secret|apikey|api-key|token|sastoken)(?:\s*[:=]\s*|\s+))("[^"]*"|'[^']*'|[^\s"'/$(<-][^\s"'<]*)/gi;
/** openssl `-passin pass:…` / `-passout pass:…`. */
const OPENSSL_PASS = /(\bpass:)([^\s"'<]+)/g;
/** `ConvertTo-SecureString 'x' -AsPlainText` / `-String 'x'`. */
const SECURE_STRING =
  /(\bConvertTo-SecureString\s+(?:-String\s+)?)("[^"]*"|'[^']*'|[^\s"'$(<-][^\s"')<]*)/gi;
/**
 * Short options are passwords only for a tool that takes one there (their documented syntaxes):
 * certutil `-p`, signtool `/p`, psexec / paexec `-p`, sqlcmd / osql / bcp `-P` (sqlcmd `-p` prints
 * statistics), schtasks `/rp` and `/p` (with `/u`), winrs `-p:`, pvk2pfx `-pi` / `-po`. Elsewhere
 * `/p` is xcopy's prompt, robocopy's, net use's `/p:yes` (persistent) or a program's own switch
 * (`x.exe /p:Release`). On a process command line (an event) a `-p` / `/p` next to a user option
 * (`/u:svc /p:…`, `-u x -p …`) is a credential pair of any tool.
 */
const SHORT_OPTION =
  /((?:^|[\s"'])([-/](?:p|pw|rp|pi|po))(?:\s*[:=]\s*|\s+))("[^"]*"|'[^']*'|[^\s"'/<-][^\s"'<]*)/gi;
const TOOL_OPTIONS: readonly { tool: RegExp; option: RegExp }[] = [
  { tool: /\b(?:certutil|signtool|winrs)(?:\.exe)?\b/i, option: /^[-/]p$/i },
  { tool: /\b(?:psexec|paexec)(?:64)?(?:\.exe)?\b/i, option: /^[-/]p$/i },
  { tool: /\b(?:sqlcmd|osql|bcp)(?:\.exe)?\b/i, option: /^[-/]P$/ },
  { tool: /\bschtasks(?:\.exe)?\b/i, option: /^[-/]r?p$/i },
  { tool: /\bpvk2pfx(?:\.exe)?\b/i, option: /^[-/]p[io]$/i },
];
/** A user option beside it: `/u:svc`, `-u svc`, `/user:DOM\\svc`. */
const USER_OPTION = /(?:^|[\s"'])[-/](?:u|user|username)(?:\s*[:=]\s*|\s+)[^\s/-]/i;
/** msbuild / dotnet `/p:Name=Value`: a property, a secret only when its name says so. */
const PROPERTY_TOOLS = /\b(?:msbuild|dotnet)(?:\.exe)?\b/i;
/**
 * Positional passwords of net.exe (`net help user`, `net help use`): `net user NAME PASSWORD`
 * (not `*`, which prompts, nor an option such as `/add`), and `net use [D:|*] \\host\share
 * PASSWORD` (the password right after the share, before `/user:`).
 */
const NET_USER =
  /(\bnet1?(?:\.exe)?["']?\s+user\s+(?:"[^"]*"|[^\s"/*][^\s"]*)\s+)("[^"]*"|[^\s"/*][^\s"<]*)/gi;
const NET_USE =
  /(\bnet1?(?:\.exe)?["']?\s+use\s+(?:(?:[A-Za-z]:|\*)\s+)?"?\\\\[^\s"]+"?\s+)("[^"]*"|[^\s"/*][^\s"<]*)/gi;
/** netstat `-p tcp`: a protocol, not a password. */
const PROTOCOL = /^(?:tcp|udp|tcpv6|udpv6|ip|ipv6|icmp|icmpv6)$/i;

/**
 * Cheap test before any of the above: a name of a credential followed by `=` or `:` (or by the
 * value attribute of its pair), a URL password, a known key shape, a password option. Narrow on
 * purpose: `Public Key Length:` or `Signature Algorithm:` of a certutil listing do not pass.
 */
/**
 * Cheap tests before any of the above, each a regex of its own (one alternation of them all is
 * three times slower): a name of a credential followed by `=` or `:` (or by the value attribute
 * of its pair), a URL password, a password option, a known key shape. Narrow on purpose:
 * `Public Key Length:` or `Signature Algorithm:` of a certutil listing do not pass.
 */
export const TRIGGERS: readonly RegExp[] = [
  /(?:key|token|secret|sig|sas|pass|pwd|credential|authoriz)\w*(?:["']?\s*[=:]|["']\s+value\s*=)/gi,
  /\bvalue\s*=\s*(?:"[^"]*"|'[^']*')\s+(?:key|name)\s*=/gi,
  /:\/\/[^\s/@]*@/gi,
  /[sr]k_(?:live|test)_/gi,
  /gh[pousr]_/gi,
  /(?<!\S)[-/]-?(?:p|pw|rp|pi|po|pass\w*|pwd|secret|clientsecret|client-secret|token|apikey|api-key|sastoken)\b/gi,
  /AKIA|ASIA|eyJ|securestring/gi,
  /\bnet1?(?:\.exe)?["']?\s+user?\s/gi,
];
/** The same as one test, for a line. */
export const ANY_FORM = new RegExp(TRIGGERS.map((r) => r.source).join('|'), 'i');

export interface Masked {
  line: string;
  n: number;
}

function quoted(value: string): boolean {
  return value.length >= 2 && (value[0] === '"' || value[0] === "'") && value.at(-1) === value[0];
}

function maskValue(value: string): string | null {
  if (quoted(value)) {
    if (keptValue(value.slice(1, -1))) return null;
    return `${value[0]}${SECRET_PLACEHOLDER}${value[0]}`;
  }
  return keptValue(value) ? null : SECRET_PLACEHOLDER;
}

/**
 * Masks the forms above in one line. `commandLine`: the line is a process command line (an
 * event's CommandLine), so short password options count without a tool named.
 */
export function maskForms(line: string, commandLine = false): Masked {
  let n = 0;
  const sub = (m: string, head: string, value: string): string => {
    const masked = maskValue(value);
    if (masked === null) return m;
    n++;
    return head + masked;
  };
  // Each form only on a line holding its mark: most lines of a certutil or netsh listing hold
  // `Key` or `Signature` but none of these, and the forms cost more than the marks.
  const has = (s: string): boolean => out.includes(s);
  let out = line;
  if (has('='))
    out = out.replace(ATTRIBUTE, (m, name: string, eq: string, value: string) => {
      if (!isCredentialName(name, false)) return m;
      const masked = maskValue(value);
      if (masked === null) return m;
      n++;
      return name + eq + masked;
    });
  if (has('":'))
    out = out.replace(JSON_PAIR, (m, head: string, name: string, value: string) => {
      if (!isCredentialName(name, false)) return m;
      const masked = maskValue(value);
      if (masked === null) return m;
      n++;
      return head + masked;
    });
  const assigned = has('=') ? ASSIGNMENT.exec(out) : null;
  if (
    assigned &&
    isCredentialName(assigned[2]!, false) &&
    !/^["']?\[removed by/.test(assigned[3]!)
  ) {
    const masked = maskValue(assigned[3]!);
    if (masked !== null) {
      n++;
      out = assigned[1]! + masked;
    }
  }
  if (has('<'))
    out = out.replace(TAG, (tag) => {
      const name = PAIR_NAME.exec(tag);
      if (!name || !isCredentialName(name[1] ?? name[2] ?? '')) return tag;
      return tag.replace(PAIR_VALUE, sub);
    });
  if (has('://')) out = out.replace(URL_PASSWORD, sub);
  if (has('?') || has('&'))
    out = out.replace(QUERY_PARAM, (m, sep: string, name: string, value: string) => {
      const lower = name.toLowerCase();
      if (value === '' || !(lower === 'sig' || lower === 'key' || isCredentialName(name))) return m;
      const masked = maskValue(value);
      if (masked === null) return m;
      n++;
      return `${sep}${name}=${masked}`;
    });
  if (/authoriz/i.test(out)) out = out.replace(AUTHORIZATION, sub);
  if (/AKIA|ASIA|k_live_|k_test_|gh[pousr]_|eyJ/.test(out))
    out = out.replace(KNOWN_KEYS, () => {
      n++;
      return SECRET_PLACEHOLDER;
    });
  if (/securestring/i.test(out)) out = out.replace(SECURE_STRING, sub);
  const option = /[-/]\w/.test(out);
  if (option) out = out.replace(LONG_OPTION, sub);
  if (has('pass:')) out = out.replace(OPENSSL_PASS, sub);
  if (/\bnet/i.test(out)) out = out.replace(NET_USER, sub).replace(NET_USE, sub);
  const tools = option ? TOOL_OPTIONS.filter((t) => t.tool.test(out)) : [];
  const properties = commandLine || PROPERTY_TOOLS.test(out);
  if (tools.length > 0 || properties || commandLine)
    out = out.replace(SHORT_OPTION, (m, head: string, name: string, value: string) => {
      if (PROTOCOL.test(value)) return m;
      const property = /^([A-Za-z_][\w.]*)=(.*)$/.exec(value);
      if (property && /^[-/]p$/i.test(name)) {
        if (!properties || !isCredentialName(property[1]!) || keptValue(property[2]!)) return m;
        n++;
        return `${head}${property[1]}=${SECRET_PLACEHOLDER}`;
      }
      const pair = commandLine && /^[-/]pw?$/i.test(name) && USER_OPTION.test(out);
      if (!pair && !tools.some((t) => t.option.test(name))) return m;
      const masked = maskValue(value);
      if (masked === null) return m;
      n++;
      return head + masked;
    });
  return { line: out, n };
}
