/**
 * Static check of collectors/Collect-TlsEvidence.ps1 over its PowerShell syntax tree
 * (tree-sitter-powershell, run through web-tree-sitter's wasm build: no PowerShell needed).
 *
 * It lists everything the script runs — cmdlets, script functions, native tools with their
 * arguments, .NET types and method calls — and reports a violation for anything that could change
 * the server or reach the network. The guarantee comes from allowlists, not from guessing intent:
 *
 * - every command name must be a function the script defines or a reviewed read-only cmdlet
 *   (aliases and unknown names fail); known writers / network cmdlets fail with a specific code;
 * - native tools run only through `Invoke-Tool` / `Save-ToolOutput` with a literal tool name and
 *   an argument list that matches the tool's read-only forms (TOOL_FORMS); naming a tool as a
 *   command (`netsh …`, `& reg.exe …`) fails;
 * - file writes (.NET File/Directory/FileStream/ZipArchive, Remove-Item, redirection) only inside
 *   the sanctioned writer functions, and only to a variable that function got from
 *   `Assert-OutputPath` (which refuses anything outside the evidence folder at run time);
 * - every .NET type must be on the reviewed list; System.Net (bar IPAddress and the local
 *   IPGlobalProperties), the registry API, X509Store and P/Invoke fail;
 * - private-key export in any form fails: Export-PfxCertificate, `-exportPFX`, `.Export*(` and
 *   `ToXmlString(` on anything, the Pfx / Pkcs12 content types.
 *
 * The parse itself must be clean: a tree with ERROR or MISSING nodes fails too.
 */
import { createRequire } from 'node:module';
import { Edit, Language, Parser, type Node, type Point, type Tree } from 'web-tree-sitter';

export type ViolationCode =
  | 'parse-error'
  | 'system-write'
  | 'file-write-outside-output'
  | 'private-key-export'
  | 'network-call'
  | 'dynamic-execution'
  | 'native-tool-direct'
  | 'native-tool-not-read-only'
  | 'unreviewed-command'
  | 'unreviewed-type'
  | 'system-change-method'
  | 'incompatible-syntax';

export interface Violation {
  code: ViolationCode;
  /** 1-based line in the script. */
  line: number;
  message: string;
  /** The offending source text (first line of it). */
  text: string;
}

export interface CommandUse {
  name: string;
  line: number;
  /** Enclosing function, or null at script level (including top-level script blocks). */
  inFunction: string | null;
  kind: 'function' | 'cmdlet' | 'dynamic';
}

export interface ToolCall {
  tool: string;
  /** Literal arguments; `*` for an argument computed at run time. */
  args: string[];
  line: number;
  inFunction: string | null;
}

export interface MethodUse {
  /** `Type::Member` for static calls, `.Member` for instance calls. */
  name: string;
  line: number;
  inFunction: string | null;
}

export interface CheckReport {
  functions: string[];
  commands: CommandUse[];
  tools: ToolCall[];
  types: string[];
  methods: MethodUse[];
  violations: Violation[];
}

// --------------------------------------------------------------------------------------------
// Policy
// --------------------------------------------------------------------------------------------

/** Cmdlets the collector may call anywhere: they only read, or only affect this PowerShell session. */
export const READ_ONLY_CMDLETS: ReadonlyMap<string, string> = new Map(
  Object.entries({
    'Add-Type': 'loads a framework assembly (-AssemblyName only; checked below)',
    'Get-Acl': 'reads an ACL (SDDL of the key folders)',
    'ConvertTo-Json': 'in-memory conversion',
    'ForEach-Object': 'pipeline',
    'Get-ChildItem': 'reads the file system, registry or certificate store',
    'Get-CimInstance': 'reads WMI locally (no -ComputerName; checked below)',
    'Get-Command': 'reads the session',
    'Get-Date': 'reads the clock',
    'Get-Item': 'reads an item',
    'Get-ItemProperty': 'reads registry values',
    'Get-Location': 'reads the session',
    'Get-NetTCPConnection': 'reads TCP endpoints',
    'Get-NetUDPEndpoint': 'reads UDP endpoints',
    'Get-EtwTraceSession': 'lists running ETW trace sessions (is a capture already running?)',
    'Get-Process': 'reads the process list',
    'Get-Service': 'reads a service state (is the PktMon driver loaded?)',
    'Get-UICulture': 'reads the session',
    'Import-Module': 'loads a module into this session',
    'Join-Path': 'string operation',
    'New-Object': 'creates an object of a reviewed type (checked below)',
    'Select-Object': 'pipeline',
    'Set-StrictMode': 'this script only',
    'Sort-Object': 'pipeline',
    'Start-Sleep': 'waits',
    'Test-Path': 'reads',
    'Where-Object': 'pipeline',
    'Write-Host': 'console',
    'Write-Verbose': 'console',
    // Cipher suites, curves and FIPS policy (issue 16)
    'Get-TlsCipherSuite': 'reads the cipher suites Schannel offers (TLS module; no -Name: all)',
    'Get-TlsEccCurve': 'reads the elliptic curves Schannel offers (TLS module)',
    'Format-List': 'formats objects as text in this session (the view Get-TlsCipherSuite prints)',
    'Out-String': 'turns formatted output into a string in memory (no file; -FilePath is Out-File)',
  }),
);

/** Cmdlets that write files: allowed only in writer functions, on an asserted path. */
const FILE_WRITE_CMDLETS = new Set(
  [
    'Remove-Item',
    'New-Item',
    'Set-Content',
    'Add-Content',
    'Out-File',
    'Copy-Item',
    'Move-Item',
  ].map((s) => s.toLowerCase()),
);

const NETWORK_CMDLETS = new Set(
  [
    'Invoke-WebRequest',
    'Invoke-RestMethod',
    'iwr',
    'irm',
    'curl',
    'wget',
    'Start-BitsTransfer',
    'Send-MailMessage',
    'Test-NetConnection',
    'Test-Connection',
    'Resolve-DnsName',
    'New-PSSession',
    'Enter-PSSession',
    'New-CimSession',
    'Connect-WSMan',
    'bitsadmin',
    'ftp',
    'tftp',
    'scp',
    'ssh',
  ].map((s) => s.toLowerCase()),
);

const DYNAMIC_CMDLETS = new Set(
  [
    'Invoke-Expression',
    'iex',
    'Start-Process',
    'saps',
    'start',
    'Invoke-Command',
    'icm',
    'Invoke-Item',
    'ii',
    'Start-Job',
    'Start-ThreadJob',
    'cmd',
    'powershell',
    'pwsh',
    'rundll32',
    'mshta',
    'wscript',
    'cscript',
  ].map((s) => s.toLowerCase()),
);

/** Verbs whose cmdlets change the system (registry, services, ACLs, certificates, …). */
const WRITE_VERBS =
  /^(Set|Remove|New|Add|Clear|Rename|Move|Copy|Export|Import|Install|Uninstall|Enable|Disable|Start|Stop|Restart|Suspend|Resume|Register|Unregister|Update|Grant|Revoke|Reset|Initialize|Mount|Dismount|Publish|Unpublish|Out|Tee|Write|Invoke|Compress|Expand|Protect|Unprotect|Lock|Unlock|Block|Unblock|Push|Pop|Save|Send|Submit|Approve|Deny|Edit|Limit|Merge|Repair|Request|Restore|Use)-/i;

/**
 * Native tools the collector may run, each with the argument forms it may be given. `*` is one
 * argument computed at run time (a path, a key, a query); every other position is a literal that
 * must match exactly (case-insensitive). Forms are whole argument lists.
 */
export const TOOL_FORMS: Readonly<Record<string, readonly (readonly string[])[]>> = {
  netsh: [
    ['http', 'show', 'sslcert'],
    ['http', 'show', 'iplisten'],
    ['http', 'show', 'servicestate'],
    ['trace', 'start', 'capture=yes', 'report=disabled', 'correlation=disabled', '*', '*'],
    ['trace', 'stop'],
  ],
  reg: [['export', '*', '*', '/y']],
  netstat: [['-ano'], ['-anob']],
  tasklist: [['/svc', '/fo', 'csv']],
  certutil: [['-v', '-store', 'my']],
  icacls: [['*']],
  wevtutil: [
    ['gl', '*'],
    ['qe', '*', '*', '/f:xml', '/e:Events', '/rd:true', '/uni:true', '*'],
  ],
  // w32tm: the status query only (/config, /resync, /register change the time service).
  w32tm: [['/query', '/status', '/verbose']],
  appcmd: [
    ['list', 'site'],
    ['list', 'site', '/config', '/xml'],
  ],
  pktmon: [
    ['filter', 'list'],
    ['filter', 'add', '*', '-t', 'TCP', '-p', '*'],
    ['filter', 'remove'],
    ['stop'],
    ['unload'],
    [
      'start',
      '--capture',
      '--comp',
      'nics',
      '--pkt-size',
      '0',
      '--file-size',
      '*',
      '--file-name',
      '*',
    ],
    ['etl2pcap', '*', '--out', '*'],
  ],
};

/**
 * Tools (or `tool first-argument`) that touch system state even in their allowed forms: only
 * inside the opt-in capture and its clean-up.
 */
const CAPTURE_FUNCTIONS = ['Invoke-PacketCapture', 'Stop-PacketCapture'];
const OPT_IN_TOOLS: Readonly<Record<string, readonly string[]>> = {
  pktmon: CAPTURE_FUNCTIONS,
  'netsh trace': CAPTURE_FUNCTIONS,
};

/** Native tool names (and write verbs) that must never appear as a command of their own. */
const NATIVE_TOOLS = new Set([
  ...Object.keys(TOOL_FORMS),
  'sc',
  'schtasks',
  'wmic',
  'takeown',
  'cacls',
  'bcdedit',
  'netcfg',
  'route',
  'ipconfig',
  'net',
  'del',
  'erase',
  'rd',
  'rmdir',
  'md',
  'mkdir',
  'xcopy',
  'robocopy',
  'copy',
  'move',
  'attrib',
  'setx',
]);

/** Argument forms that write, for clearer messages than "not a read-only form". */
const TOOL_WRITE_ARGS: Readonly<Record<string, RegExp>> = {
  netsh: /^(add|delete|set|update|reset|flush|import|install|uninstall|dump)$/i,
  certutil:
    /^-(repairstore|addstore|delstore|importpfx|exportpfx|importcert|setreg|delreg|urlcache|installcert|dspublish|deletekey|delkey|csp|key)$/i,
  reg: /^(add|delete|import|copy|restore|save|load|unload)$/i,
  wevtutil:
    /^(sl|set-log|cl|clear-log|epl|export-log|im|install-manifest|um|uninstall-manifest|al|archive-log)$/i,
  icacls:
    /^\/(grant|deny|remove|reset|setowner|setintegritylevel|restore|save|inheritance|substitute)/i,
};

/**
 * Functions allowed to write files. Each must take its target from Assert-OutputPath, except
 * Initialize-OutputRoot, which creates the (new, empty) evidence folder itself.
 */
export const WRITER_FUNCTIONS: ReadonlyMap<string, string> = new Map(
  Object.entries({
    'Initialize-OutputRoot': 'creates the new evidence folder (refuses an existing one)',
    'New-OutputFolder': 'creates a folder inside the evidence folder',
    'Write-OutputBytes': 'writes a file inside the evidence folder',
    'Copy-IntoOutput': 'copies -IncludePcap into the evidence folder',
    'Remove-OutputItem': 'removes scratch files inside the evidence folder',
    'Write-BesideOutput': 'writes the redaction token map next to the zip',
    'New-EvidenceZip': 'writes the zip next to the evidence folder',
  }),
);
const ROOT_WRITER = 'Initialize-OutputRoot';

/** Functions sanctioned for one dangerous capability each. */
const PROCESS_RUNNER = 'Invoke-Tool';
const RUNSPACE_RUNNER = 'Invoke-WithTimeout';
const STEP_RUNNER = 'Invoke-Step';

/** .NET types the script may use (System. prefix optional; compared case-insensitively). */
export const REVIEWED_TYPES: ReadonlySet<string> = new Set(
  [
    'void',
    'string',
    'string[]',
    'int',
    'int[]',
    'long',
    'bool',
    'switch',
    'char',
    'char[]',
    'hashtable',
    // `'Name' -as [type]` only looks a type up (is RSACertificateExtensions there on .NET 4.5?)
    'type',
    'byte',
    'byte[]',
    'object',
    'object[]',
    'datetime',
    'scriptblock',
    'ordered',
    'pscustomobject',
    'ref',
    'regex',
    'Math',
    'Environment',
    'Console',
    'Convert',
    'TimeZoneInfo',
    'StringComparison',
    'Collections.ArrayList',
    'Text.Encoding',
    'Text.UTF8Encoding',
    'Text.StringBuilder',
    'Text.RegularExpressions.MatchEvaluator',
    'Globalization.CultureInfo',
    'Diagnostics.Stopwatch',
    'IO.Path',
    'IO.DriveInfo',
    'IO.MemoryStream',
    'IO.FileMode',
    'IO.File',
    'IO.Directory',
    'IO.Compression.ZipArchive',
    'IO.Compression.ZipArchiveMode',
    'IO.Compression.CompressionLevel',
    'Diagnostics.Process',
    'Diagnostics.ProcessStartInfo',
    'Management.Automation.PowerShell',
    'Security.Principal.WindowsPrincipal',
    'Security.Principal.WindowsIdentity',
    'Security.Principal.WindowsBuiltInRole',
    'Security.Cryptography.SHA256',
    'Security.Cryptography.X509Certificates.X509Certificate2',
    'Security.Cryptography.X509Certificates.X509EnhancedKeyUsageExtension',
    'Security.Cryptography.X509Certificates.RSACertificateExtensions',
    'Security.Cryptography.X509Certificates.ECDsaCertificateExtensions',
    'Net.IPAddress',
    'Net.Sockets.AddressFamily',
    'Net.NetworkInformation.IPGlobalProperties',
    // HTTP.sys / IIS logs (issue 16): the access and share modes of the one read-only open
    'IO.FileAccess',
    'IO.FileShare',
  ].map((t) => t.toLowerCase()),
);

/** Types that may only be used inside one function. */
const TYPE_HOME: Readonly<Record<string, readonly string[]>> = {
  'diagnostics.process': [PROCESS_RUNNER],
  'diagnostics.processstartinfo': [PROCESS_RUNNER],
  'management.automation.powershell': [RUNSPACE_RUNNER],
  'io.compression.ziparchive': ['New-EvidenceZip'],
};

/** File-writing static methods: [Type]::Method → index of the target-path argument. */
const FILE_WRITE_STATICS: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  'io.file': {
    writeallbytes: 0,
    writealltext: 0,
    writealllines: 0,
    appendalltext: 0,
    appendalllines: 0,
    appendtext: 0,
    create: 0,
    createtext: 0,
    copy: 1,
    move: 1,
    delete: 0,
    replace: 1,
    open: 0,
    openwrite: 0,
    setattributes: 0,
    setcreationtime: 0,
    setlastwritetime: 0,
    setaccesscontrol: 0,
    encrypt: 0,
    decrypt: 0,
  },
  'io.directory': {
    createdirectory: 0,
    delete: 0,
    move: 1,
    setaccesscontrol: 0,
    setcurrentdirectory: 0,
  },
};

/** Static methods whose names say they change something (checked unless listed as safe). */
const CHANGING_STATIC =
  /^(set|delete|remove|write|append|create|kill|start|stop|exit|shutdown|restart|move|copy|replace|encrypt|decrypt|install|register)/i;
const SAFE_STATICS = new Set([
  'security.cryptography.sha256::create',
  'management.automation.powershell::create', // confined to Invoke-WithTimeout by TYPE_HOME
  'diagnostics.process::start', // confined to Invoke-Tool
  'diagnostics.stopwatch::startnew',
  'regex::replace', // strings only
]);

/** Instance methods that change things; allowed only where listed. */
const INSTANCE_METHODS: Readonly<
  Record<string, { code: ViolationCode; allowedIn: readonly string[] }>
> = {
  kill: { code: 'system-change-method', allowedIn: [PROCESS_RUNNER] },
  start: { code: 'dynamic-execution', allowedIn: [] },
  stop: { code: 'system-change-method', allowedIn: [] },
  delete: { code: 'file-write-outside-output', allowedIn: [] },
  moveto: { code: 'file-write-outside-output', allowedIn: [] },
  copyto: { code: 'file-write-outside-output', allowedIn: ['New-EvidenceZip'] },
  copytoasync: { code: 'file-write-outside-output', allowedIn: [PROCESS_RUNNER] },
  open: { code: 'file-write-outside-output', allowedIn: ['New-EvidenceZip'] },
  create: { code: 'file-write-outside-output', allowedIn: [] },
  createsubdirectory: { code: 'file-write-outside-output', allowedIn: [] },
  openwrite: { code: 'file-write-outside-output', allowedIn: [] },
  appendtext: { code: 'file-write-outside-output', allowedIn: [] },
  createtext: { code: 'file-write-outside-output', allowedIn: [] },
  encrypt: { code: 'file-write-outside-output', allowedIn: [] },
  decrypt: { code: 'file-write-outside-output', allowedIn: [] },
  createentry: { code: 'file-write-outside-output', allowedIn: ['New-EvidenceZip'] },
  setvalue: { code: 'system-write', allowedIn: [] },
  createsubkey: { code: 'system-write', allowedIn: [] },
  deletesubkey: { code: 'system-write', allowedIn: [] },
  deletesubkeytree: { code: 'system-write', allowedIn: [] },
  deletevalue: { code: 'system-write', allowedIn: [] },
  setaccesscontrol: { code: 'system-write', allowedIn: [] },
  setowner: { code: 'system-write', allowedIn: [] },
  put: { code: 'system-write', allowedIn: [] },
  invokemethod: { code: 'system-write', allowedIn: [] },
  addscript: { code: 'dynamic-execution', allowedIn: [RUNSPACE_RUNNER] },
  addcommand: { code: 'dynamic-execution', allowedIn: [] },
  invoke: { code: 'dynamic-execution', allowedIn: [] },
  invokereturnasis: { code: 'dynamic-execution', allowedIn: [] },
  invokescript: { code: 'dynamic-execution', allowedIn: [] },
  newscriptblock: { code: 'dynamic-execution', allowedIn: [] },
  begininvoke: { code: 'dynamic-execution', allowedIn: [RUNSPACE_RUNNER] },
  upload: { code: 'network-call', allowedIn: [] },
  uploadfile: { code: 'network-call', allowedIn: [] },
  uploaddata: { code: 'network-call', allowedIn: [] },
  uploadstring: { code: 'network-call', allowedIn: [] },
  downloadstring: { code: 'network-call', allowedIn: [] },
  downloadfile: { code: 'network-call', allowedIn: [] },
  getresponse: { code: 'network-call', allowedIn: [] },
  sendasync: { code: 'network-call', allowedIn: [] },
  connect: { code: 'network-call', allowedIn: [] },
};

/**
 * HTTP.sys / IIS logs (issue 16): `[System.IO.File]::Open(<log>, Open, Read, ReadWrite)` in
 * Read-LogTail only: opened for reading, sharing read and write with HTTP.sys / IIS, which keep
 * the current log open (File.ReadAllBytes would fail on it with a sharing violation).
 */
const LOG_TAIL_READER = 'Read-LogTail';
const READ_ONLY_OPEN =
  /^\[System\.IO\.FileMode\]::Open$|^\[System\.IO\.FileAccess\]::Read$|^\[System\.IO\.FileShare\]::ReadWrite$/i;

/** `Get-ChildItem -LiteralPath $Folder -Filter '*.pfx' -File`: file names of the CCS folder. */
const CCS_NAME_LISTING = /Get-ChildItem -LiteralPath \$Folder -Filter '\*\.pfx' -File\b/;

/** Tokens that mean exporting a private key, wherever they appear in code (not comments). */
const KEY_EXPORT_TOKEN =
  /(^|[^a-z])(exportpfx|export-pfxcertificate|pfx|pkcs12|pkcs8|exportparameters|exportcspblob|exportrsaprivatekey|exportecprivatekey|exportpkcs8privatekey|exportencryptedpkcs8privatekey|toxmlstring)([^a-z]|$)/i;

// --------------------------------------------------------------------------------------------
// Tree helpers
// --------------------------------------------------------------------------------------------

let parserPromise: Promise<Parser> | undefined;

/** The PowerShell parser (wasm, loaded once). */
export function powershellParser(): Promise<Parser> {
  parserPromise ??= (async () => {
    await Parser.init();
    const require = createRequire(import.meta.url);
    const wasm = require.resolve('tree-sitter-powershell/tree-sitter-powershell.wasm');
    const lang = await Language.load(wasm);
    const parser = new Parser();
    parser.setLanguage(lang);
    return parser;
  })();
  return parserPromise;
}

/** Syntax newer than Windows PowerShell 4.0 (Server 2012 R2 without WMF 5.1). */
const NEWER_SYNTAX: Readonly<Record<string, string>> = {
  class_statement: 'class (PowerShell 5)',
  enum_statement: 'enum (PowerShell 5)',
  pipeline_chain_tail: '&& / || (PowerShell 7)',
  using_statement: 'using (PowerShell 5)',
};

const VISITED = new Set([
  ...Object.keys(NEWER_SYNTAX),
  'command',
  'type_literal',
  'invokation_expression',
  'redirection',
  'function_statement',
  'comment',
  'ERROR',
  'assignment_expression',
]);

/** Properties whose assignment changes a file or the system (FileInfo, registry, services). */
const CHANGING_PROPERTIES =
  /\.(Attributes|IsReadOnly|LastWriteTime|LastWriteTimeUtc|CreationTime|CreationTimeUtc|LastAccessTime|LastAccessTimeUtc|StartupType|StartMode)\s*$/i;

function functionName(fn: Node): string | null {
  return fn.children.find((c) => c.type === 'function_name')?.text ?? null;
}

/**
 * Visits the node types the check needs, with the enclosing function's name. A tree cursor keeps
 * this fast: node objects are made only for visited nodes (the wasm binding allocates per node).
 */
function traverse(root: Node, visit: (n: Node, fn: string | null) => void): void {
  const cursor = root.walk();
  const ctx: (string | null)[] = [null];
  let depth = 0;
  for (;;) {
    const type = cursor.nodeType;
    let childCtx: string | null = ctx[depth] ?? null;
    if (VISITED.has(type) || cursor.nodeIsMissing) {
      const node = cursor.currentNode;
      if (type === 'function_statement') childCtx = functionName(node);
      visit(node, ctx[depth] ?? null);
    }
    if (cursor.gotoFirstChild()) {
      depth++;
      ctx[depth] = childCtx;
      continue;
    }
    while (!cursor.gotoNextSibling()) {
      if (!cursor.gotoParent()) return;
      depth--;
    }
  }
}

function firstLine(text: string): string {
  return text.split(/\r?\n/)[0]!.trim().slice(0, 160);
}

/** Value of a PowerShell string literal, or null when it is not a plain literal. */
export function literalValue(text: string): string | null {
  const t = text.trim();
  if (/^'(?:[^']|'')*'$/s.test(t)) return t.slice(1, -1).replace(/''/g, "'");
  if (/^"[^"$`]*"$/s.test(t)) return t.slice(1, -1);
  return null;
}

/** Splits the elements of `@(a, b, c)` (or `a, b`) at top-level commas. */
export function arrayElements(text: string): string[] {
  let t = text.trim();
  const wrapped = /^@\(([\s\S]*)\)$/.exec(t);
  if (wrapped) t = wrapped[1]!;
  const out: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let cur = '';
  for (let i = 0; i < t.length; i++) {
    const ch = t[i]!;
    if (quote) {
      cur += ch;
      if (ch === quote) {
        if (t[i + 1] === quote) {
          cur += t[++i];
        } else quote = null;
      }
      continue;
    }
    if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '(' || ch === '[' || ch === '{') depth++;
    else if (ch === ')' || ch === ']' || ch === '}') depth--;
    else if ((ch === ',' || ch === '\n') && depth === 0) {
      if (cur.trim()) out.push(cur.trim());
      cur = '';
      continue;
    }
    cur += ch;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

interface CommandArgs {
  named: Map<string, Node | null>;
  positional: Node[];
}

function commandArgs(cmd: Node): CommandArgs {
  const named = new Map<string, Node | null>();
  const positional: Node[] = [];
  const elements = cmd.childForFieldName('command_elements');
  if (!elements) return { named, positional };
  const items = elements.children.filter((c) => c.type !== 'command_argument_sep');
  for (let i = 0; i < items.length; i++) {
    const it = items[i]!;
    if (it.type === 'command_parameter') {
      const name = it.text.replace(/:$/, '').toLowerCase();
      const next = items[i + 1];
      if (next && next.type !== 'command_parameter') {
        named.set(name, next);
        i++;
      } else named.set(name, null);
    } else positional.push(it);
  }
  return { named, positional };
}

function typeName(text: string): string {
  const t = text.trim();
  return (t.startsWith('[') && t.endsWith(']') ? t.slice(1, -1) : t)
    .trim()
    .replace(/^system\./i, '')
    .toLowerCase();
}

/** Variables a function assigns from Assert-OutputPath (its sanctioned write targets). */
function assertedVariables(fn: Node): Set<string> {
  const vars = new Set<string>();
  for (const n of fn.descendantsOfType('assignment_expression')) {
    const left = n.childForFieldName('left') ?? n.children[0];
    const value = n.childForFieldName('value');
    if (!left || !value) continue;
    if (/^\s*Assert-OutputPath\b/i.test(value.text)) vars.add(left.text.trim().toLowerCase());
  }
  return vars;
}

// --------------------------------------------------------------------------------------------
// The check
// --------------------------------------------------------------------------------------------

/** The first (ASCII) script parsed: later variants of it are re-parsed incrementally. */
let base: { source: string; tree: Tree } | undefined;

const isAscii = (s: string): boolean => !/[^\t\n\r\x20-\x7e]/.test(s);

function pointAt(text: string, index: number): Point {
  let row = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: index - lineStart };
}

/**
 * Parses `source`; a variant of the first script parsed (the same text with a line planted, as
 * the tests do dozens of times) is re-parsed incrementally from it, which tree-sitter guarantees
 * gives the same tree as a fresh parse. ASCII only, so indexes and columns agree.
 */
async function parse(source: string): Promise<Tree> {
  const parser = await powershellParser();
  if (base && base.source !== source && isAscii(source)) {
    const old = base.source;
    let start = 0;
    while (start < old.length && start < source.length && old[start] === source[start]) start++;
    let tail = 0;
    while (
      tail < old.length - start &&
      tail < source.length - start &&
      old[old.length - 1 - tail] === source[source.length - 1 - tail]
    )
      tail++;
    const edited = base.tree.copy();
    edited.edit(
      new Edit({
        startIndex: start,
        oldEndIndex: old.length - tail,
        newEndIndex: source.length - tail,
        startPosition: pointAt(old, start),
        oldEndPosition: pointAt(old, old.length - tail),
        newEndPosition: pointAt(source, source.length - tail),
      }),
    );
    const tree = parser.parse(source, edited);
    edited.delete();
    if (!tree) throw new Error('tree-sitter returned no tree');
    return tree;
  }
  const tree = parser.parse(source);
  if (!tree) throw new Error('tree-sitter returned no tree');
  if (!base && isAscii(source)) base = { source, tree: tree.copy() };
  return tree;
}

export async function checkScript(source: string): Promise<CheckReport> {
  const tree = await parse(source);
  try {
    return checkTree(source, tree.rootNode);
  } finally {
    tree.delete();
  }
}

function checkTree(source: string, root: Node): CheckReport {
  const violations: Violation[] = [];
  const add = (code: ViolationCode, node: Node, message: string): void => {
    violations.push({
      code,
      line: node.startPosition.row + 1,
      message,
      text: firstLine(node.text),
    });
  };

  // Functions defined by the script, comment ranges (blanked for the token scan), parse errors
  const functionNodes = new Map<string, Node>();
  const comments: [number, number][] = [];
  const visited: [Node, string | null][] = [];
  traverse(root, (n, fn) => {
    if (n.type === 'ERROR' || n.isMissing) {
      add('parse-error', n, `syntax error near "${firstLine(n.text)}"`);
    } else if (n.type === 'function_statement') {
      const name = functionName(n);
      if (name) functionNodes.set(name.toLowerCase(), n);
    } else if (n.type === 'comment') {
      comments.push([n.startIndex, n.endIndex]);
    } else if (NEWER_SYNTAX[n.type]) {
      add('incompatible-syntax', n, `${NEWER_SYNTAX[n.type]} does not run on PowerShell 4.0`);
    } else visited.push([n, fn]);
  });
  const functions = [...functionNodes.values()].map(
    (n) => n.children.find((c) => c.type === 'function_name')!.text,
  );
  const asserted = new Map<string, Set<string>>();
  for (const [name, n] of functionNodes) asserted.set(name, assertedVariables(n));

  // Writer functions must take their targets from Assert-OutputPath
  for (const name of WRITER_FUNCTIONS.keys()) {
    const n = functionNodes.get(name.toLowerCase());
    if (n && name !== ROOT_WRITER && asserted.get(name.toLowerCase())!.size === 0) {
      add(
        'file-write-outside-output',
        n,
        `writer function ${name} does not call Assert-OutputPath`,
      );
    }
  }
  const isWriter = (fn: string | null): boolean =>
    fn !== null && [...WRITER_FUNCTIONS.keys()].some((w) => w.toLowerCase() === fn.toLowerCase());
  const targetOk = (fn: string | null, target: Node | string | null | undefined): boolean => {
    if (!fn || !isWriter(fn) || !target) return false;
    const t = (typeof target === 'string' ? target : target.text).trim().toLowerCase();
    if (fn === ROOT_WRITER) return t === '$full';
    return asserted.get(fn.toLowerCase())?.has(t) ?? false;
  };

  const commands: CommandUse[] = [];
  const tools: ToolCall[] = [];
  const types = new Set<string>();
  const methods: MethodUse[] = [];

  const checkToolCall = (cmd: Node, fn: string | null): void => {
    const { named } = commandArgs(cmd);
    const toolNode = named.get('-tool');
    const argsNode = named.get('-arguments');
    // Save-ToolOutput hands its own (checked) -Tool / -Arguments on to Invoke-Tool.
    if (fn === 'Save-ToolOutput' && toolNode?.text === '$Tool' && argsNode?.text === '$Arguments')
      return;
    const tool = toolNode ? literalValue(toolNode.text) : null;
    if (!tool) {
      add('native-tool-not-read-only', cmd, 'the -Tool of a tool call must be a string literal');
      return;
    }
    if (!argsNode || !/^@\(/.test(argsNode.text.trim())) {
      add(
        'native-tool-not-read-only',
        cmd,
        'the -Arguments of a tool call must be an array literal @(...) the check can read',
      );
      return;
    }
    const args = argsNode
      ? arrayElements(argsNode.text).map((a) => {
          const v = literalValue(a);
          return v === null ? '*' : v;
        })
      : [];
    tools.push({ tool, args, line: cmd.startPosition.row + 1, inFunction: fn });
    const forms = TOOL_FORMS[tool.toLowerCase()];
    if (!forms) {
      add('native-tool-not-read-only', cmd, `${tool} is not a reviewed read-only tool`);
      return;
    }
    const writes = TOOL_WRITE_ARGS[tool.toLowerCase()];
    const bad = writes ? args.find((a) => writes.test(a)) : undefined;
    if (bad) {
      add('system-write', cmd, `${tool} ${bad} changes the system`);
      return;
    }
    const matches = forms.some(
      (f) =>
        f.length === args.length &&
        f.every((w, i) => w === '*' || w.toLowerCase() === args[i]!.toLowerCase()),
    );
    if (!matches) {
      add(
        'native-tool-not-read-only',
        cmd,
        `${tool} ${args.join(' ')} is not one of the reviewed read-only forms`,
      );
      return;
    }
    const home =
      OPT_IN_TOOLS[tool.toLowerCase()] ??
      OPT_IN_TOOLS[`${tool.toLowerCase()} ${(args[0] ?? '').toLowerCase()}`];
    if (home && !home.includes(fn ?? ''))
      add(
        'system-write',
        cmd,
        `${tool} ${args[0] ?? ''} may only run inside ${home.join(' / ')} (the opt-in capture)`,
      );
  };

  const visitNode = (n: Node, fn: string | null): void => {
    if (n.type === 'command') {
      const nameNode = n.childForFieldName('command_name');
      const op = n.children.find((c) => c.type === 'command_invokation_operator');
      const rawName = nameNode?.text.trim() ?? '';
      const name = literalValue(rawName) ?? rawName;
      const lname = name.toLowerCase().replace(/\.exe$/, '');
      const baseName = lname.split(/[\\/]/).pop() ?? lname;
      const computed = /[$({]/.test(rawName);
      if (nameNode?.type === 'command_name_expr' && computed && !literalValue(rawName)) {
        commands.push({
          name: rawName,
          line: n.startPosition.row + 1,
          inFunction: fn,
          kind: 'dynamic',
        });
        if (!(fn === STEP_RUNNER && op?.text === '&' && rawName === '$Action')) {
          add('dynamic-execution', n, `runs a computed command (${rawName})`);
        }
        return;
      }
      const isFunction = functionNodes.has(lname);
      commands.push({
        name,
        line: n.startPosition.row + 1,
        inFunction: fn,
        kind: isFunction ? 'function' : 'cmdlet',
      });
      const { named } = commandArgs(n);
      if (named.has('-computername') || named.has('-cimsession') || named.has('-session')) {
        add('network-call', n, `${name} -ComputerName / -Session reaches another machine`);
      }
      if (lname === 'invoke-tool' || lname === 'save-tooloutput') {
        checkToolCall(n, fn);
        return;
      }
      if (isFunction) return;
      if (/export-pfxcertificate|exportpfx/i.test(lname)) {
        add('private-key-export', n, `${name} exports a private key`);
      } else if (NETWORK_CMDLETS.has(lname)) {
        add('network-call', n, `${name} reaches the network`);
      } else if (DYNAMIC_CMDLETS.has(lname)) {
        add('dynamic-execution', n, `${name} runs code or programs the check cannot see`);
      } else if (NATIVE_TOOLS.has(baseName)) {
        const writes = TOOL_WRITE_ARGS[baseName];
        const args = n.childForFieldName('command_elements')?.text.trim().split(/\s+/) ?? [];
        if (writes && args.some((a) => writes.test(a))) {
          add('system-write', n, `${name} ${args.join(' ')} changes the system`);
        } else {
          add(
            'native-tool-direct',
            n,
            `${name} must run through Invoke-Tool (read-only forms, time limit)`,
          );
        }
      } else if (FILE_WRITE_CMDLETS.has(lname)) {
        const target =
          named.get('-literalpath') ??
          named.get('-path') ??
          named.get('-filepath') ??
          named.get('-destination');
        if (!targetOk(fn, target)) {
          add(
            'file-write-outside-output',
            n,
            `${name} outside a writer function or on a path not checked by Assert-OutputPath`,
          );
        }
      } else if (
        READ_ONLY_CMDLETS.has(name) ||
        [...READ_ONLY_CMDLETS.keys()].some((k) => k.toLowerCase() === lname)
      ) {
        if (lname === 'add-type' && (!named.has('-assemblyname') || named.size !== 1)) {
          add(
            'dynamic-execution',
            n,
            'Add-Type may only load an assembly by name (no code compiled)',
          );
        }
        if (lname === 'new-object' && named.has('-comobject')) {
          add('dynamic-execution', n, 'New-Object -ComObject is not allowed');
        }
        if (lname === 'new-object') {
          const t = named.get('-typename') ?? commandArgs(n).positional[0];
          if (t) noteType(t, literalValue(t.text) ?? t.text, fn);
        }
      } else if (WRITE_VERBS.test(name)) {
        add('system-write', n, `${name} changes the system`);
      } else {
        add('unreviewed-command', n, `${name} is not a reviewed read-only command`);
      }
      return;
    }
    if (n.type === 'type_literal') {
      noteType(n, n.text, fn);
      return;
    }
    if (n.type === 'invokation_expression') {
      const member = n.children.find((c) => c.type === 'member_name')?.text ?? '';
      const lmember = member.toLowerCase();
      const isStatic = n.children.some((c) => c.type === '::');
      const target = n.children[0];
      const argList = n.children.find((c) => c.type === 'argument_list');
      const argTexts = argList ? arrayElements(argList.text.replace(/^\(|\)$/g, '')) : [];
      if (isStatic && target?.type === 'type_literal') {
        const t = typeName(target.text);
        methods.push({ name: `${t}::${member}`, line: n.startPosition.row + 1, inFunction: fn });
        const writes = FILE_WRITE_STATICS[t];
        const readOnlyOpen =
          t === 'io.file' &&
          lmember === 'open' &&
          fn === LOG_TAIL_READER &&
          argTexts.length === 4 &&
          argTexts.slice(1).every((a) => READ_ONLY_OPEN.test(a.trim()));
        if (writes && lmember in writes && !readOnlyOpen) {
          if (!targetOk(fn, argTexts[writes[lmember]!])) {
            add(
              'file-write-outside-output',
              n,
              `[${t}]::${member} outside a writer function or on a path not checked by Assert-OutputPath`,
            );
          }
        }
        if (!writes && CHANGING_STATIC.test(member) && !SAFE_STATICS.has(`${t}::${lmember}`)) {
          add('system-change-method', n, `[${t}]::${member}() can change the system`);
        }
        if (t === 'diagnostics.process' && fn !== PROCESS_RUNNER)
          add('dynamic-execution', n, 'starts a process outside Invoke-Tool');
        if (t === 'scriptblock' && lmember === 'create')
          add('dynamic-execution', n, 'builds code from a string');
        if (lmember === 'new')
          add('incompatible-syntax', n, `[${t}]::new() needs PowerShell 5; use New-Object`);
      } else {
        methods.push({ name: `.${member}`, line: n.startPosition.row + 1, inFunction: fn });
        const rule = INSTANCE_METHODS[lmember];
        if (rule && !(fn !== null && rule.allowedIn.includes(fn))) {
          add(rule.code, n, `.${member}() is not allowed here`);
        }
      }
      if (/^export/i.test(member))
        add('private-key-export', n, `.${member}() exports key or certificate material`);
      return;
    }
    if (n.type === 'assignment_expression') {
      const left = n.childForFieldName('left') ?? n.children[0];
      if (left && CHANGING_PROPERTIES.test(left.text)) {
        add('system-write', n, `assigning ${left.text.trim()} changes a file or the system`);
      }
      return;
    }
    if (n.type === 'redirection') {
      const target = n.children.find((c) => c.type === 'redirected_file_name')?.text.trim() ?? '';
      if (!/^\$null$/i.test(target))
        add('file-write-outside-output', n, `redirection to ${target} writes a file`);
      return;
    }
  };
  for (const [n, fn] of visited) visitNode(n, fn);

  // Private-key export tokens anywhere in the code (comments blanked out, positions kept)
  let code = source;
  for (const [a, b] of comments) code = code.slice(0, a) + ' '.repeat(b - a) + code.slice(b);
  code.split('\n').forEach((text, i) => {
    // The one reviewed use of the word: listing certificate file NAMES of the IIS Centralized
    // Certificate Store folder (Get-ChildItem -Filter '*.pfx', names only; no file is opened).
    if (CCS_NAME_LISTING.test(text) && !KEY_EXPORT_TOKEN.test(text.replace(CCS_NAME_LISTING, '')))
      return;
    const m = KEY_EXPORT_TOKEN.exec(text);
    if (m) {
      violations.push({
        code: 'private-key-export',
        line: i + 1,
        message: `"${m[2]}" refers to private-key export`,
        text: firstLine(text),
      });
    }
  });

  function noteType(node: Node, text: string, fn: string | null): void {
    const t = typeName(text);
    if (!t || (/^[a-z]+$/.test(t) && REVIEWED_TYPES.has(t))) {
      types.add(t);
      return;
    }
    types.add(t);
    if (/^net\./.test(t) && !REVIEWED_TYPES.has(t)) {
      add('network-call', node, `[${t}] reaches the network`);
    } else if (/microsoft\.win32\.registry|registrykey/.test(t)) {
      add('system-write', node, `[${t}] can write the registry`);
    } else if (/x509store|pkcs12|x509contenttype/.test(t)) {
      add('private-key-export', node, `[${t}] can export or change certificates and keys`);
    } else if (/runtime\.interopservices|reflection|activator|dllimport/.test(t)) {
      add('dynamic-execution', node, `[${t}] escapes what a static check can see`);
    } else if (!REVIEWED_TYPES.has(t)) {
      add('unreviewed-type', node, `[${t}] is not a reviewed type`);
    } else {
      const home = TYPE_HOME[t];
      if (home && !(fn !== null && home.includes(fn))) {
        add('dynamic-execution', node, `[${t}] may only be used in ${home.join(', ')}`);
      }
    }
  }

  return {
    functions,
    commands,
    tools,
    types: [...types].sort(),
    methods,
    violations,
  };
}
