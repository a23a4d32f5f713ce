/**
 * The collector check's policy: every allowlist and deny list in one place, as data. The checks
 * in ./checks/ read only this; a reviewed addition to the collector is an entry here with its
 * reason (a cmdlet in READ_ONLY_CMDLETS, a tool form in TOOL_FORMS, a .NET type in
 * REVIEWED_TYPES, a writer in WRITER_FUNCTIONS), never a change to a check.
 */
import type { ViolationCode } from './check-model.js';

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
    // Installed updates (issue 16)
    'ConvertTo-Csv': 'in-memory conversion (the update list as CSV; Export-Csv would write a file)',
  }),
);

/** True for a cmdlet of READ_ONLY_CMDLETS (`lname`: lower-case, `.exe` removed). */
export function isReadOnlyCmdlet(name: string, lname = name.toLowerCase()): boolean {
  return (
    READ_ONLY_CMDLETS.has(name) ||
    [...READ_ONLY_CMDLETS.keys()].some((k) => k.toLowerCase() === lname)
  );
}

/** Cmdlets that write files: allowed only in writer functions, on an asserted path. */
export const FILE_WRITE_CMDLETS = new Set(
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

export const NETWORK_CMDLETS = new Set(
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

export const DYNAMIC_CMDLETS = new Set(
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
export const WRITE_VERBS =
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
    // URL reservations and service-wide settings: show only (add/delete urlacl and setting change them).
    ['http', 'show', 'urlacl'],
    ['http', 'show', 'setting'],
    ['trace', 'start', 'capture=yes', 'report=disabled', 'correlation=disabled', '*', '*'],
    ['trace', 'stop'],
  ],
  reg: [['export', '*', '*', '/y']],
  netstat: [['-ano'], ['-anob']],
  tasklist: [['/svc', '/fo', 'csv']],
  // The adapters' addresses only (/release, /renew, /flushdns change the host).
  ipconfig: [['/all']],
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
export const CAPTURE_FUNCTIONS = ['Invoke-PacketCapture', 'Stop-PacketCapture'];
export const OPT_IN_TOOLS: Readonly<Record<string, readonly string[]>> = {
  pktmon: CAPTURE_FUNCTIONS,
  'netsh trace': CAPTURE_FUNCTIONS,
};

/** Native tool names (and write verbs) that must never appear as a command of their own. */
export const NATIVE_TOOLS = new Set([
  ...Object.keys(TOOL_FORMS),
  'sc',
  'schtasks',
  'wmic',
  'takeown',
  'cacls',
  'bcdedit',
  'netcfg',
  'route',
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
export const TOOL_WRITE_ARGS: Readonly<Record<string, RegExp>> = {
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
export const ROOT_WRITER = 'Initialize-OutputRoot';

/** Functions sanctioned for one dangerous capability each. */
export const PROCESS_RUNNER = 'Invoke-Tool';
/** Saves a tool's output; hands its own (checked) -Tool / -Arguments on to Invoke-Tool. */
export const TOOL_SAVER = 'Save-ToolOutput';
/** The commands that run a native tool (lower-case): their -Tool / -Arguments are checked. */
export const TOOL_RUNNERS: ReadonlySet<string> = new Set(
  [PROCESS_RUNNER, TOOL_SAVER].map((s) => s.toLowerCase()),
);
export const RUNSPACE_RUNNER = 'Invoke-WithTimeout';
export const STEP_RUNNER = 'Invoke-Step';

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
    // HTTP.sys / IIS logs (issue 16): the access and share modes of the one read-only open
    'IO.FileAccess',
    'IO.FileShare',
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
  ].map((t) => t.toLowerCase()),
);

/** Types that may only be used inside one function. */
export const TYPE_HOME: Readonly<Record<string, readonly string[]>> = {
  'diagnostics.process': [PROCESS_RUNNER],
  'diagnostics.processstartinfo': [PROCESS_RUNNER],
  'management.automation.powershell': [RUNSPACE_RUNNER],
  'io.compression.ziparchive': ['New-EvidenceZip'],
};

/** File-writing static methods: [Type]::Method → index of the target-path argument. */
export const FILE_WRITE_STATICS: Readonly<Record<string, Readonly<Record<string, number>>>> = {
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
export const CHANGING_STATIC =
  /^(set|delete|remove|write|append|create|kill|start|stop|exit|shutdown|restart|move|copy|replace|encrypt|decrypt|install|register)/i;
export const SAFE_STATICS = new Set([
  'security.cryptography.sha256::create',
  'management.automation.powershell::create', // confined to Invoke-WithTimeout by TYPE_HOME
  'diagnostics.process::start', // confined to Invoke-Tool
  'diagnostics.stopwatch::startnew',
  'regex::replace', // strings only
]);

/** Instance methods that change things; allowed only where listed. */
export const INSTANCE_METHODS: Readonly<
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

/** `Get-ChildItem -LiteralPath $Folder -Filter '*.pfx' -File`: file names of the CCS folder. */
export const CCS_NAME_LISTING = /Get-ChildItem -LiteralPath \$Folder -Filter '\*\.pfx' -File\b/;

/** Tokens that mean exporting a private key, wherever they appear in code (not comments). */
export const KEY_EXPORT_TOKEN =
  /(^|[^a-z])(exportpfx|export-pfxcertificate|pfx|pkcs12|pkcs8|exportparameters|exportcspblob|exportrsaprivatekey|exportecprivatekey|exportpkcs8privatekey|exportencryptedpkcs8privatekey|toxmlstring)([^a-z]|$)/i;

/** Syntax newer than Windows PowerShell 4.0 (Server 2012 R2 without WMF 5.1). */
export const NEWER_SYNTAX: Readonly<Record<string, string>> = {
  class_statement: 'class (PowerShell 5)',
  enum_statement: 'enum (PowerShell 5)',
  pipeline_chain_tail: '&& / || (PowerShell 7)',
  using_statement: 'using (PowerShell 5)',
};

/** Properties whose assignment changes a file or the system (FileInfo, registry, services). */
export const CHANGING_PROPERTIES =
  /\.(Attributes|IsReadOnly|LastWriteTime|LastWriteTimeUtc|CreationTime|CreationTimeUtc|LastAccessTime|LastAccessTimeUtc|StartupType|StartMode)\s*$/i;

/**
 * HTTP.sys / IIS logs (issue 16): `[System.IO.File]::Open(<log>, Open, Read, ReadWrite)` in
 * Read-LogTail only: opened for reading, sharing read and write with HTTP.sys / IIS, which keep
 * the current log open (File.ReadAllBytes would fail on it with a sharing violation).
 */
export const LOG_TAIL_READER = 'Read-LogTail';
export const READ_ONLY_OPEN =
  /^\[System\.IO\.FileMode\]::Open$|^\[System\.IO\.FileAccess\]::Read$|^\[System\.IO\.FileShare\]::ReadWrite$/i;
