/**
 * What the command line says: option and command help, progress labels and one-line errors, in
 * en and zh-CN. `{name}` placeholders are filled by the CLI; commands, flags and paths stay as
 * typed. The CLI picks the language from --lang, else from LC_ALL / LC_MESSAGES / LANG.
 */
export const CLI_STRINGS = {
  'cli.description': {
    en: 'Diagnose HTTPS failures on Windows IIS / HTTP.sys / Schannel servers from an evidence bundle, offline.',
    'zh-CN': '根据证据包离线诊断 Windows IIS / HTTP.sys / Schannel 服务器上的 HTTPS 故障。',
  },
  'cli.arg.size': {
    en: 'expected a size such as 500MB or 2GiB',
    'zh-CN': '应为大小，例如 500MB 或 2GiB',
  },
  'cli.arg.int': { en: 'expected a whole number', 'zh-CN': '应为整数' },
  'cli.arg.asOf': {
    en: '--as-of wants a date such as 2026-11-20 or 2026-11-20T09:14:00Z, not "{value}"',
    'zh-CN': '--as-of 需要日期，例如 2026-11-20 或 2026-11-20T09:14:00Z，而不是 "{value}"',
  },
  'cli.opt.rules': {
    en: 'extra rule folders to load besides the shipped rules',
    'zh-CN': '除内置规则外再加载的规则文件夹',
  },
  'cli.opt.rulesShort': { en: 'extra rule folders', 'zh-CN': '额外的规则文件夹' },
  'cli.opt.encoding': {
    en: 'force the text encoding of every text artifact (e.g. utf-8, utf-16le, 936, 437)',
    'zh-CN': '强制所有文本证据项使用的文本编码（例如 utf-8、utf-16le、936、437）',
  },
  'cli.opt.asOf': {
    en: 'when the evidence was collected (UTC date or ISO time), for loose files without the collector manifest: certificate validity is judged at this time',
    'zh-CN':
      '证据的收集时间（UTC 日期或 ISO 时间），用于没有收集器清单的零散文件：按此时间判断证书有效期',
  },
  'cli.opt.maxArchiveSize': {
    en: 'largest zip opened (default {n} bytes)',
    'zh-CN': '可打开的最大 zip（默认 {n} 字节）',
  },
  'cli.opt.maxEntrySize': {
    en: 'largest single file, uncompressed (default {n} bytes)',
    'zh-CN': '单个文件解压后的最大大小（默认 {n} 字节）',
  },
  'cli.opt.maxTotalSize': {
    en: 'largest total, uncompressed (default {n} bytes)',
    'zh-CN': '解压后的最大总大小（默认 {n} 字节）',
  },
  'cli.opt.maxEntries': {
    en: 'most files in a bundle (default {n})',
    'zh-CN': '证据包中的最多文件数（默认 {n}）',
  },
  'cli.opt.maxRatio': {
    en: 'largest compression ratio, of files over 1 MiB and of the whole archive (default {n})',
    'zh-CN': '最大压缩比，适用于超过 1 MiB 的文件和整个压缩包（默认 {n}）',
  },
  'cli.opt.output': {
    en: 'where to write (default: {file} for html, stdout otherwise)',
    'zh-CN': '写入位置（html 默认为 {file}，其他格式默认为标准输出）',
  },
  'cli.opt.format': {
    en: 'report format (summary: ticket lines, analyze only)',
    'zh-CN': '报告格式（summary：工单摘要行，仅用于 analyze）',
  },
  'cli.opt.lang': {
    en: 'report language (default: from the bundle UI culture)',
    'zh-CN': '报告语言（默认：取自证据包的界面语言）',
  },
  'cli.opt.langShort': { en: 'language', 'zh-CN': '语言' },
  'cli.opt.failOn': {
    en: 'exit 1 when a (remaining) finding is at or above this severity',
    'zh-CN': '当（剩余的）发现达到或高于此严重程度时以 1 退出',
  },
  'cli.opt.redact': {
    en: 'replace host names, IP addresses, accounts and organisations with stable tokens',
    'zh-CN': '用固定的标记替换主机名、IP 地址、帐户和组织',
  },
  'cli.opt.redactionMap': {
    en: 'where to write the token → original mapping',
    'zh-CN': '标记 → 原始值映射的写入位置',
  },
  'cli.opt.keepThumbprints': {
    en: 'with --redact, keep certificate thumbprints (redacted by default: a public certificate is found by its thumbprint in CT logs)',
    'zh-CN': '与 --redact 一起使用时保留证书指纹（默认会脱敏：公开证书可凭指纹在 CT 日志中找到）',
  },
  'cli.opt.json': { en: 'print JSON', 'zh-CN': '输出 JSON' },
  'cli.opt.out': { en: 'folder to write to', 'zh-CN': '写入的文件夹' },
  'cli.opt.force': {
    en: 'overwrite files that already exist there',
    'zh-CN': '覆盖该处已存在的文件',
  },
  'cli.opt.jobs': {
    en: 'bundles analyzed at once (default: the number of CPU cores)',
    'zh-CN': '同时分析的证据包数量（默认：CPU 核心数）',
  },
  'cli.opt.reports': {
    en: "also write each server's own HTML report (with its fix commands) to this folder, linked from the fleet report",
    'zh-CN': '同时将每台服务器自己的 HTML 报告（含修复命令）写入此文件夹，并从服务器群报告链接',
  },
  'cli.opt.followLinks': {
    en: "follow symbolic links among the folder's entries (off: a link to /etc is not a bundle)",
    'zh-CN': '跟随文件夹条目中的符号链接（默认关闭：指向 /etc 的链接不是证据包）',
  },
  'cli.arg.input': {
    en: 'evidence zip, folder, or loose files',
    'zh-CN': '证据 zip、文件夹或零散文件',
  },
  'cli.arg.before': {
    en: 'bundle (zip or folder) collected before the change',
    'zh-CN': '更改之前收集的证据包（zip 或文件夹）',
  },
  'cli.arg.after': {
    en: 'bundle (zip or folder) collected after the change',
    'zh-CN': '更改之后收集的证据包（zip 或文件夹）',
  },
  'cli.arg.folder': {
    en: 'folder holding one bundle per server',
    'zh-CN': '每台服务器一个证据包的文件夹',
  },
  'cli.arg.ruleId': {
    en: 'rule id (see `tls-doctor rules list`)',
    'zh-CN': '规则 ID（见 `tls-doctor rules list`）',
  },
  'cli.cmd.analyze': {
    en: 'analyze a bundle (zip, folder or loose files) and write a report',
    'zh-CN': '分析证据包（zip、文件夹或零散文件）并写出报告',
  },
  'cli.cmd.inspect': {
    en: 'print the parsed artifacts and facts as JSON (what the rules see)',
    'zh-CN': '以 JSON 输出解析后的证据项和事实（即规则看到的内容）',
  },
  'cli.cmd.rules': { en: 'work with the rule set', 'zh-CN': '管理规则集' },
  'cli.cmd.rulesList': { en: 'list the rules', 'zh-CN': '列出规则' },
  'cli.cmd.collector': {
    en: 'write the evidence collector (PowerShell script, collect.cmd, README) to a folder, to hand to a customer',
    'zh-CN': '将证据收集器（PowerShell 脚本、collect.cmd、README）写入文件夹，以交给客户',
  },
  'cli.cmd.diff': {
    en: 'compare two bundles of the same server: fixed, new and unchanged findings',
    'zh-CN': '比较同一服务器的两个证据包：已修复、新增和未变的发现',
  },
  'cli.cmd.fleet': {
    en: 'analyze every bundle in a folder (zips and bundle folders) in parallel: findings per server and differences between servers',
    'zh-CN':
      '并行分析文件夹中的每个证据包（zip 和证据包文件夹）：每台服务器的发现以及服务器之间的差异',
  },
  'cli.cmd.explain': {
    en: "print a rule's explanation, the evidence it needs, its fix template and references",
    'zh-CN': '输出规则的说明、所需证据、修复模板和参考资料',
  },
  'cli.examples': { en: 'Examples:', 'zh-CN': '示例：' },
  'cli.ex.analyze': { en: 'write report.html', 'zh-CN': '写出 report.html' },
  'cli.ex.analyzeRedact': {
    en: 'report to share; mapping kept locally',
    'zh-CN': '可分享的报告；映射保存在本地',
  },
  'cli.ex.analyzeJson': { en: 'machine-readable findings', 'zh-CN': '机器可读的发现' },
  'cli.ex.analyzeLoose': {
    en: 'loose files a customer emailed',
    'zh-CN': '客户通过邮件发送的零散文件',
  },
  'cli.ex.diff': { en: 'write diff.html', 'zh-CN': '写出 diff.html' },
  'cli.ex.diffMd': { en: 'Markdown for a ticket', 'zh-CN': '用于工单的 Markdown' },
  'cli.ex.fleet': { en: 'write fleet.html', 'zh-CN': '写出 fleet.html' },
  'cli.ex.fleetReports': {
    en: 'fleet.html + one report per server',
    'zh-CN': 'fleet.html + 每台服务器一份报告',
  },
  'cli.progress.analyzing': { en: 'analyzing', 'zh-CN': '分析中' },
  'cli.progress.before': { en: 'before', 'zh-CN': '之前' },
  'cli.progress.after': { en: 'after', 'zh-CN': '之后' },
  'cli.progress.fleet': { en: 'fleet', 'zh-CN': '服务器群' },
  'cli.progress.facts': { en: 'facts', 'zh-CN': '事实' },
  'cli.progress.rules': { en: 'rules', 'zh-CN': '规则' },
  'cli.progress.server': { en: 'server {n}', 'zh-CN': '服务器 {n}' },
  'cli.fs.ENOENT': { en: 'no such file or folder', 'zh-CN': '没有这样的文件或文件夹' },
  'cli.fs.ENOTDIR': {
    en: 'a part of the path is not a folder',
    'zh-CN': '路径的某一部分不是文件夹',
  },
  'cli.fs.EACCES': { en: 'permission denied', 'zh-CN': '权限被拒绝' },
  'cli.fs.EPERM': { en: 'operation not permitted', 'zh-CN': '不允许的操作' },
  'cli.fs.EISDIR': { en: 'is a folder', 'zh-CN': '是文件夹' },
  'cli.fs.EEXIST': { en: 'already exists', 'zh-CN': '已存在' },
  'cli.fs.EROFS': { en: 'read-only file system', 'zh-CN': '只读文件系统' },
  'cli.fs.ENOSPC': { en: 'no space left on the device', 'zh-CN': '设备上没有剩余空间' },
  'cli.err.noFolder': {
    en: '{flag} {path}: the folder {dir} does not exist',
    'zh-CN': '{flag} {path}：文件夹 {dir} 不存在',
  },
  'cli.err.isFolder': {
    en: '{flag} {path}: is a folder; give a file name',
    'zh-CN': '{flag} {path}：是文件夹；请给出文件名',
  },
  'cli.err.notFolder': {
    en: '{flag} {path}: is not a folder',
    'zh-CN': '{flag} {path}：不是文件夹',
  },
  'cli.err.cannotCreate': {
    en: '{flag} {path}: cannot be created: {why}',
    'zh-CN': '{flag} {path}：无法创建：{why}',
  },
  'cli.err.summaryAnalyzeOnly': {
    en: '-f summary is for analyze only',
    'zh-CN': '-f summary 仅用于 analyze',
  },
  'cli.err.exists': {
    en: '{files} already exist; use --force to overwrite',
    'zh-CN': '{files} 已存在；使用 --force 覆盖',
  },
  'cli.err.noBundle': {
    en: '{folder} holds no bundle (zip or folder)',
    'zh-CN': '{folder} 中没有证据包（zip 或文件夹）',
  },
  'cli.err.noRule': {
    en: "no rule '{id}'{near} (tls-doctor rules list shows them all)",
    'zh-CN': "没有规则 '{id}'{near}（tls-doctor rules list 列出全部规则）",
  },
  'cli.err.didYouMean': { en: '; did you mean {ids}?', 'zh-CN': '；是否指 {ids}？' },
  'cli.err.refused': {
    en: 'input refused ({code}): {message}',
    'zh-CN': '输入被拒绝（{code}）：{message}',
  },
  'cli.err.severalHosts': {
    en: "{file} holds the output of {n} machines ({hosts}); a report is about one server and servers are never merged: give each server's output in a file of its own (or run the collector on each server) and analyze each on its own",
    'zh-CN':
      '{file} 包含 {n} 台计算机的输出（{hosts}）；一份报告只针对一台服务器，不同服务器的证据绝不合并：请把每台服务器的输出分别保存为单独的文件（或在每台服务器上运行收集器），再分别分析',
  },
  'cli.err.localConsole': {
    en: 'the local console, name not shown',
    'zh-CN': '本地控制台（未显示计算机名）',
  },
  'cli.err.unexpected': { en: 'unexpected error: {detail}', 'zh-CN': '意外错误：{detail}' },
  'cli.msg.redacted': {
    en: 'redacted {n} value(s); the mapping is in {path} (keep it local, do not share it)',
    'zh-CN': '已脱敏 {n} 个值；映射保存在 {path}（请保存在本地，不要分享）',
  },
  'cli.msg.written': { en: '{summary}; written to {path}', 'zh-CN': '{summary}；已写入 {path}' },
  'cli.msg.analyzeSummary': {
    en: '{n} finding(s) (critical {critical}, high {high}, medium {medium}, low {low}, info {info})',
    'zh-CN': '{n} 个发现（严重 {critical}，高 {high}，中 {medium}，低 {low}，信息 {info}）',
  },
  'cli.msg.diffSummary': {
    en: '{fixed} fixed, {new} new, {unchanged} unchanged, {notRechecked} not re-checked',
    'zh-CN': '已修复 {fixed}，新增 {new}，未变 {unchanged}，未重新检查 {notRechecked}',
  },
  'cli.msg.fleetSummary': {
    en: '{servers} server(s){failed}{notEvaluated}{unread}{sameHost}, {findings} finding(s), {differences} difference(s)',
    'zh-CN':
      '{servers} 台服务器{failed}{notEvaluated}{unread}{sameHost}，{findings} 个发现，{differences} 处差异',
  },
  'cli.msg.fleetSameHost': {
    en: ' ({n} of them claim the same host and collection time with different files: maybe not {n} servers, see the report)',
    'zh-CN': '（其中 {n} 个证据包声称主机和收集时间相同但文件不同：可能并非 {n} 台服务器，见报告）',
  },
  'cli.msg.fleetFailed': { en: ' ({n} failed)', 'zh-CN': '（{n} 台失败）' },
  'cli.msg.fleetNotEvaluated': {
    en: ' ({n} not evaluated: no evidence recognised)',
    'zh-CN': '（{n} 台未评估：未识别出证据）',
  },
  'cli.msg.fleetUnread': {
    en: ' ({n} with evidence not read: see the servers table)',
    'zh-CN': '（{n} 台的证据未能读取：见服务器表）',
  },
  'cli.msg.skipped': { en: 'skipped {path}: {reason}', 'zh-CN': '已跳过 {path}：{reason}' },
  'cli.msg.reportsWritten': {
    en: 'per-server reports written to {dir}',
    'zh-CN': '每台服务器的报告已写入 {dir}',
  },
  'cli.msg.collectorWritten': {
    en: 'collector written to {dir}',
    'zh-CN': '收集器已写入 {dir}',
  },
  'cli.msg.collectorRun': {
    en: 'The customer runs collect.cmd (right-click > Run as administrator) on the server and sends back the zip it names.',
    'zh-CN':
      '客户在服务器上运行 collect.cmd（右键单击 > 以管理员身份运行），并发回它所指明的 zip 文件。',
  },
  'cli.explain.firesWhen': { en: 'Fires when', 'zh-CN': '触发条件' },
} as const;
