/**
 * Every string of the report in English and Simplified Chinese. A test fails when a key lacks
 * a language. Templates use `{{t "key"}}`. The CLI's strings are in i18n/cli.ts, the fleet's in
 * i18n/fleet.ts, the parse issue codes' (`issue.<code>`) in i18n/issues.ts; STRINGS composes
 * them, so `StringKey` is the union of every key.
 */
import type { Lang } from '../engine/rule.js';
import { CLI_STRINGS } from './i18n/cli.js';
import { FLEET_STRINGS } from './i18n/fleet.js';
import { ISSUE_STRINGS } from './i18n/issues.js';
import { VERDICT_STRINGS } from './i18n/verdict.js';

export const STRINGS = {
  ...VERDICT_STRINGS,
  ...CLI_STRINGS,
  ...FLEET_STRINGS,
  ...ISSUE_STRINGS,
  'report.title': { en: 'tls-doctor report', 'zh-CN': 'tls-doctor 报告' },
  'report.generated': { en: 'Generated', 'zh-CN': '生成时间' },
  'report.input': { en: 'Input', 'zh-CN': '输入' },
  'severity.critical': { en: 'critical', 'zh-CN': '严重' },
  'severity.high': { en: 'high', 'zh-CN': '高' },
  'severity.medium': { en: 'medium', 'zh-CN': '中' },
  'severity.low': { en: 'low', 'zh-CN': '低' },
  'severity.info': { en: 'info', 'zh-CN': '信息' },
  'host.title': { en: 'Server', 'zh-CN': '服务器' },
  'host.name': { en: 'Host name', 'zh-CN': '主机名' },
  'host.os': { en: 'Operating system', 'zh-CN': '操作系统' },
  'host.build': { en: 'Build', 'zh-CN': '版本号' },
  'host.culture': { en: 'UI culture', 'zh-CN': '界面语言' },
  'host.elevated': { en: 'Collected elevated', 'zh-CN': '以管理员身份收集' },
  'host.collectedAt': { en: 'Collected at', 'zh-CN': '收集时间' },
  'host.collector': { en: 'Collector version', 'zh-CN': '收集器版本' },
  'findings.title': { en: 'Findings', 'zh-CN': '发现' },
  'findings.none': { en: 'No findings.', 'zh-CN': '没有发现。' },
  'findings.entity': { en: 'Affected', 'zh-CN': '受影响对象' },
  'findings.why': { en: 'Why it matters', 'zh-CN': '原因' },
  'findings.evidence': { en: 'Evidence', 'zh-CN': '证据' },
  'findings.fix': { en: 'Fix', 'zh-CN': '修复' },
  'findings.references': { en: 'References', 'zh-CN': '参考资料' },
  'findings.scenario': { en: 'IIS article scenario', 'zh-CN': 'IIS 文章方案' },
  'findings.lines': { en: 'lines', 'zh-CN': '行' },
  'findings.frames': { en: 'frames', 'zh-CN': '帧' },
  'findings.copy': { en: 'Copy', 'zh-CN': '复制' },
  'findings.shell.cmd': {
    en: 'Command Prompt (cmd.exe), run as administrator',
    'zh-CN': '命令提示符（cmd.exe），以管理员身份运行',
  },
  'findings.shell.powershell': {
    en: 'Windows PowerShell, run as administrator',
    'zh-CN': 'Windows PowerShell，以管理员身份运行',
  },
  'findings.copied': { en: 'Copied', 'zh-CN': '已复制' },
  'filter.placeholder': { en: 'Filter findings…', 'zh-CN': '筛选发现…' },
  'filter.show': { en: 'Show only these findings', 'zh-CN': '只显示这些发现' },
  'filter.all': { en: 'all severities', 'zh-CN': '所有严重程度' },
  'notEvaluated.title': { en: 'Not evaluated', 'zh-CN': '未评估' },
  'notEvaluated.missing': { en: 'Needs', 'zh-CN': '需要' },
  'notEvaluated.or': { en: 'or', 'zh-CN': '或' },
  'inventory.title': { en: 'Inventory', 'zh-CN': '清单' },
  'inventory.empty': {
    en: 'Nothing of this kind in the evidence.',
    'zh-CN': '证据中没有此类内容。',
  },
  'inventory.problems': { en: 'Problems', 'zh-CN': '问题' },
  'log.title': { en: 'Collection log', 'zh-CN': '收集日志' },
  'log.artifact': { en: 'Artifact', 'zh-CN': '证据项' },
  'log.status': { en: 'Status', 'zh-CN': '状态' },
  'log.files': { en: 'Files', 'zh-CN': '文件' },
  'log.issues': { en: 'Parse issues', 'zh-CN': '解析问题' },
  'log.unrecognized': { en: 'Files not recognised', 'zh-CN': '无法识别的文件' },
  'log.skipped': { en: 'Entries skipped', 'zh-CN': '已跳过的条目' },
  'log.manifest': { en: 'Manifest issues', 'zh-CN': '清单文件问题' },
  'status.parsed': { en: 'parsed', 'zh-CN': '已解析' },
  'status.partial': { en: 'partly parsed', 'zh-CN': '部分解析' },
  'status.failed': { en: 'failed', 'zh-CN': '失败' },
  'status.unreadable': { en: 'unreadable', 'zh-CN': '无法读取' },
  'status.kept': { en: 'kept, not parsed', 'zh-CN': '已保留，未解析' },
  'status.not-collected': { en: 'not collected', 'zh-CN': '未收集' },
  'status.missing': { en: 'missing', 'zh-CN': '缺失' },
  yes: { en: 'yes', 'zh-CN': '是' },
  no: { en: 'no', 'zh-CN': '否' },
  unknown: { en: 'unknown', 'zh-CN': '未知' },
  'report.redacted': {
    en: 'Redacted: host names, addresses, accounts and organisations are replaced by tokens; the mapping is kept by whoever produced this report.',
    'zh-CN': '已脱敏：主机名、地址、帐户和组织已替换为标记；映射表由生成本报告的人保存。',
  },
  'nav.expandAll': { en: 'Expand all', 'zh-CN': '全部展开' },
  'nav.collapseAll': { en: 'Collapse all', 'zh-CN': '全部折叠' },
  'findings.scenarioTitle': {
    en: 'Scenario {n} of "Troubleshooting SSL related issues (Server Certificate)"',
    'zh-CN': '《排查 SSL 相关问题（服务器证书）》中的方案 {n}',
  },
  'findings.shown': { en: 'shown', 'zh-CN': '条显示' },
  'scenario.1': {
    en: 'the server certificate has no private key',
    'zh-CN': '服务器证书没有私钥',
  },
  'scenario.2': {
    en: 'the private key exists but cannot be used',
    'zh-CN': '私钥存在但无法使用',
  },
  'scenario.3': { en: 'another process holds the SSL port', 'zh-CN': '另一个进程占用了 SSL 端口' },
  'scenario.4': { en: 'HTTP.sys SSL configuration is broken', 'zh-CN': 'HTTP.sys SSL 配置损坏' },
  'scenario.5': {
    en: 'protocol mismatch seen in a network trace',
    'zh-CN': '网络跟踪中发现的协议不匹配',
  },
  'nav.theme': { en: 'Light / dark', 'zh-CN': '浅色 / 深色' },
  'nav.print': { en: 'Print', 'zh-CN': '打印' },
  'log.command': { en: 'Collected with', 'zh-CN': '收集命令' },
  'log.exitCode': { en: 'exit code', 'zh-CN': '退出代码' },
  'table.rule': { en: 'Rule', 'zh-CN': '规则' },
  'table.severity': { en: 'Severity', 'zh-CN': '严重程度' },
  'timeline.title': { en: 'Event timeline', 'zh-CN': '事件时间线' },
  'diff.title': { en: 'tls-doctor comparison', 'zh-CN': 'tls-doctor 对比' },
  'diff.before': { en: 'Before', 'zh-CN': '修改前' },
  'diff.after': { en: 'After', 'zh-CN': '修改后' },
  'diff.fixed': { en: 'Fixed', 'zh-CN': '已修复' },
  'diff.new': { en: 'New', 'zh-CN': '新出现' },
  'diff.unchanged': { en: 'Still present', 'zh-CN': '仍然存在' },
  'diff.notRechecked': { en: 'Not re-checked', 'zh-CN': '未重新检查' },
  'diff.notRecheckedHelp': {
    en: 'Gone only because the evidence to evaluate the rule was not collected the second time.',
    'zh-CN': '消失仅仅是因为第二次没有收集评估该规则所需的证据。',
  },
  // judge7 M4: "after" collected at the same time as "before", or earlier.
  'diff.afterNotLater': {
    en: 'The "after" evidence was not collected later than the "before" evidence (before: {before}, after: {after}): check the order of the two inputs — what is listed as fixed or new may be the other way round, or nothing was re-collected.',
    'zh-CN':
      '“修改后”的证据并不晚于“修改前”的证据（修改前：{before}，修改后：{after}）：请检查两个输入的顺序——列为已修复或新出现的问题可能正好相反，或者并未重新收集证据。',
  },
  'diff.otherHost': {
    en: 'The two bundles name different hosts: this comparison may not be meaningful.',
    'zh-CN': '两个证据包的主机名不同：此对比可能没有意义。',
  },
  'diff.clean': {
    en: 'Nothing left above info after the change.',
    'zh-CN': '修改后没有高于“信息”级别的问题。',
  },
  'diff.worstAfter': { en: 'Most severe remaining', 'zh-CN': '剩余最严重的问题' },
  // judge6 M9: findings whose evidence the second bundle lacks are not "nothing left".
  'diff.notRecheckedCount': { en: '{items} not re-checked', 'zh-CN': '{items}未重新检查' },
  'diff.notRecheckedOnly': {
    en: ': the second bundle lacks the evidence to tell whether it is fixed; nothing else is left above info.',
    'zh-CN': '：第二个证据包缺少判断其是否已修复的证据；除此之外没有高于“信息”级别的问题。',
  },
  'diff.nowEvaluated': { en: 'Evaluated now, not before', 'zh-CN': '现在可评估（之前不可）' },
  'diff.noLongerEvaluated': {
    en: 'No longer evaluated (evidence missing)',
    'zh-CN': '不再评估（缺少证据）',
  },
  'diff.none': { en: 'None.', 'zh-CN': '无。' },
  'label.certificateFile': { en: 'certificate file', 'zh-CN': '证书文件' },
  'label.chainRoot': { en: 'chain root (not in Root)', 'zh-CN': '链的根证书（不在 Root 存储中）' },
  'label.wireCertificate': { en: 'certificate on the wire', 'zh-CN': '网络上传输的证书' },
  'label.manifest': { en: 'collector manifest', 'zh-CN': '收集器清单' },
  'findings.line': { en: 'line {n}', 'zh-CN': '第 {n} 行' },
  'findings.lineRange': { en: 'lines {a}–{b}', 'zh-CN': '第 {a}–{b} 行' },
  'findings.rawXml': { en: 'Raw XML', 'zh-CN': '原始 XML' },
  'findings.event': { en: 'Event', 'zh-CN': '事件' },
  'findings.eventTime': { en: 'Time', 'zh-CN': '时间' },
  'findings.eventLevel': { en: 'Level', 'zh-CN': '级别' },
  'findings.eventComputer': { en: 'Computer', 'zh-CN': '计算机' },
  'findings.assumed': { en: 'Assumed, not read from evidence', 'zh-CN': '推定，并非读自证据' },
  'findings.assumedUnknown': {
    en: 'No evidence line: this finding rests on a default value the rule assumes.',
    'zh-CN': '没有证据行：此发现基于规则推定的默认值。',
  },
  'summary.copy': { en: 'Copy ticket summary', 'zh-CN': '复制工单摘要' },
  'summary.host': { en: 'Host', 'zh-CN': '主机' },
  'summary.verdict': { en: 'Verdict', 'zh-CN': '结论' },
  'summary.rootCause': { en: 'Root cause', 'zh-CN': '根本原因' },
  'summary.disagreement': { en: 'Evidence disagrees', 'zh-CN': '证据相互矛盾' },
  'summary.affected': { en: 'Affected', 'zh-CN': '受影响对象' },
  'summary.alsoCause': { en: 'Also blocking', 'zh-CN': '同样导致失败' },
  'summary.firstStep': { en: 'First fix step', 'zh-CN': '第一步修复' },
  'summary.evidence': { en: 'Evidence files', 'zh-CN': '证据文件' },
  'summary.findings': { en: 'findings', 'zh-CN': '个发现' },
  'summary.more': { en: '(and {n} more)', 'zh-CN': '（另有 {n} 个）' },
  'summary.none': { en: 'none', 'zh-CN': '无' },
  'summary.clean': {
    en: 'no problem found in the evidence that was evaluated',
    'zh-CN': '在已评估的证据中未发现问题',
  },
  'summary.title': { en: 'tls-doctor summary', 'zh-CN': 'tls-doctor 摘要' },
  'artifact.httpsys.sslcert': {
    en: 'the HTTP.sys certificate bindings',
    'zh-CN': 'HTTP.sys 证书绑定',
  },
  'artifact.httpsys.iplisten': { en: 'the HTTP.sys listen list', 'zh-CN': 'HTTP.sys 监听地址列表' },
  'artifact.httpsys.servicestate': {
    en: 'the HTTP.sys service state',
    'zh-CN': 'HTTP.sys 服务状态',
  },
  // URL reservations and service settings (issue 16)
  'artifact.httpsys.urlacl': {
    en: 'the HTTP.sys URL reservations (netsh http show urlacl)',
    'zh-CN': 'HTTP.sys URL 保留',
  },
  'artifact.httpsys.setting': {
    en: 'the HTTP.sys service settings (netsh http show setting)',
    'zh-CN': 'HTTP.sys 服务设置（netsh http show setting）',
  },
  'artifact.httpsys.registry': {
    en: 'the HTTP.sys registry settings',
    'zh-CN': 'HTTP.sys 注册表设置',
  },
  'artifact.schannel.registry': {
    en: 'the Schannel registry settings (protocols, ciphers)',
    'zh-CN': 'Schannel 注册表设置（协议、密码）',
  },
  'artifact.schannel.cipher-policy': {
    en: 'the cipher-suite order policy',
    'zh-CN': '密码套件顺序策略',
  },
  // Cipher suites, curves and FIPS policy (issue 16)
  'artifact.schannel.cipher-suites': {
    en: 'the cipher suites Schannel offers (Get-TlsCipherSuite)',
    'zh-CN': 'Schannel 提供的密码套件列表',
  },
  'artifact.schannel.ecc-curves': {
    en: 'the elliptic curves Schannel offers (Get-TlsEccCurve)',
    'zh-CN': 'Schannel 提供的椭圆曲线列表',
  },
  'artifact.schannel.fips-policy': {
    en: 'the FIPS algorithm policy',
    'zh-CN': 'FIPS 算法策略',
  },
  'artifact.dotnet.registry': {
    en: 'the .NET strong-crypto registry settings',
    'zh-CN': '.NET 强加密注册表设置',
  },
  'artifact.net.netstat': {
    en: 'the listening ports with their processes',
    'zh-CN': '监听端口及其进程',
  },
  'artifact.net.tcp-listeners': {
    en: 'the listening TCP ports (PowerShell)',
    'zh-CN': '监听的 TCP 端口（PowerShell）',
  },
  'artifact.net.processes': {
    en: 'the running processes and services',
    'zh-CN': '正在运行的进程和服务',
  },
  'artifact.net.ipconfig': {
    en: 'the server’s IP addresses (ipconfig /all)',
    'zh-CN': '服务器的 IP 地址（ipconfig /all）',
  },
  'artifact.cert.store': {
    en: 'the certificate store listing',
    'zh-CN': '证书存储列表',
  },
  'artifact.cert.files': { en: 'the certificate files', 'zh-CN': '证书文件' },
  'artifact.cert.certutil': {
    en: 'the certutil view of the certificate store',
    'zh-CN': '证书存储的 certutil 输出',
  },
  'artifact.cert.machinekeys-acl': {
    en: 'the permissions of the private key files',
    'zh-CN': '私钥文件的权限',
  },
  'artifact.events.schannel': {
    en: 'the Schannel events of the System log',
    'zh-CN': '系统日志中的 Schannel 事件',
  },
  'artifact.events.capi2': {
    en: 'the CAPI2 events (certificate chain)',
    'zh-CN': 'CAPI2 事件（证书链）',
  },
  'artifact.events.httpevent': {
    en: 'the HTTP.sys (HttpEvent), WAS and W3SVC events of the System log',
    'zh-CN': '系统日志中的 HTTP.sys（HttpEvent）、WAS 和 W3SVC 事件',
  },
  'artifact.iis.config': { en: 'the IIS configuration', 'zh-CN': 'IIS 配置' },
  'artifact.iis.appcmd-sites': { en: 'the IIS site list', 'zh-CN': 'IIS 站点列表' },
  'artifact.iis.appcmd-sites-config': {
    en: 'the effective IIS site configuration (appcmd list site /config /xml)',
    'zh-CN': 'IIS 实际使用的站点配置',
  },
  'artifact.iis.redirection': {
    en: 'the IIS shared configuration redirect (redirection.config)',
    'zh-CN': 'IIS 共享配置重定向设置',
  },
  'artifact.system.hotfixes': {
    en: 'the installed updates (Win32_QuickFixEngineering)',
    'zh-CN': '已安装的更新（Win32_QuickFixEngineering）',
  },
  'artifact.cert.machinekeys-sddl': {
    en: 'the machine key ACLs as SDDL (Get-Acl)',
    'zh-CN': '计算机密钥 ACL（安全描述符）',
  },
  'artifact.capture.pcap': {
    en: 'a network capture of the failing handshake',
    'zh-CN': '失败握手的网络抓包',
  },
  'artifact.time.w32tm': {
    en: 'the Windows Time service status (w32tm)',
    'zh-CN': 'Windows 时间服务状态（w32tm）',
  },
  'artifact.iis.ccs': {
    en: 'the IIS Centralized Certificate Store settings',
    'zh-CN': 'IIS 集中式证书存储设置',
  },
  // HTTP.sys error logs and IIS W3C logs (issue 16)
  'artifact.logs.httperr': {
    en: 'the HTTP.sys error logs (HTTPERR)',
    'zh-CN': 'HTTP.sys 错误日志',
  },
  'artifact.logs.iis-w3c': {
    en: 'the IIS logs of the HTTPS sites',
    'zh-CN': 'HTTPS 网站的 IIS 日志',
  },
  'artifact.iis.version': {
    en: 'the IIS version (InetStp registry key)',
    'zh-CN': 'IIS 版本（注册表）',
  },
  'finding.changedEvidence': {
    en: 'This finding rests on a file changed after collection: confirm it on the server before acting',
    'zh-CN': '此发现依据的文件在采集后被更改过：请先在服务器上确认再操作',
  },
  'hostConflict.name': { en: 'host names', 'zh-CN': '主机名' },
  'hostConflict.osBuild': { en: 'OS builds', 'zh-CN': '操作系统版本号' },
  'hostConflict.address': { en: "the machine's own addresses", 'zh-CN': '本机地址' },
  'area.capture': { en: 'captures', 'zh-CN': '网络捕获' },
  'area.certificates': { en: 'certificates', 'zh-CN': '证书' },
  'area.clientauth': { en: 'client certificates', 'zh-CN': '客户端证书' },
  'area.events': { en: 'events', 'zh-CN': '事件日志' },
  'area.httpsys': { en: 'HTTP.sys bindings', 'zh-CN': 'HTTP.sys 绑定' },
  'area.iis': { en: 'IIS sites', 'zh-CN': 'IIS 站点' },
  'area.network': { en: 'listening ports', 'zh-CN': '侦听端口' },
  'area.protocols': { en: 'protocol settings', 'zh-CN': '协议设置' },
  'area.host': { en: 'host settings (clock, outbound TLS)', 'zh-CN': '主机设置（时钟、出站 TLS）' },
  'findings.severityRaised': {
    en: 'Raised from {from} because it explains “{symptom}” ({severity}): a cause is at least as severe as what it causes',
    'zh-CN': '由{from}提升，因为它解释了“{symptom}”（{severity}）：原因的严重性不低于其导致的问题',
  },
  'findings.noSiteUses': {
    en: "No IIS site uses {endpoints}: the sites' connections are answered by their own HTTP.sys entries, and only clients that reach this machine by an address, port or name no site is bound to get this one. Clean-up, not why a site fails.",
    'zh-CN':
      '没有任何 IIS 站点使用 {endpoints}：站点的连接由它们自己的 HTTP.sys 条目应答，只有通过没有站点绑定的地址、端口或名称访问本机的客户端才会得到此条目。属于清理项，不是站点故障的原因。',
  },
  'findings.loweredFrom': { en: 'Lowered from {from}:', 'zh-CN': '由{from}降低：' },
  'findings.alsoSeen': { en: 'Also seen (symptoms of this)', 'zh-CN': '同时出现（此问题的症状）' },
  'findings.explainedBy': { en: 'Symptom of', 'zh-CN': '此问题的原因' },
  'findings.alsoOn': { en: 'Also on', 'zh-CN': '同样出现在' },
  'noEvidence.title': {
    en: 'no verdict: none of the input files was recognised as evidence that a rule can judge.',
    'zh-CN': '无法得出结论：输入的文件中没有可供规则判断的证据。',
  },
  'noEvidence.empty': { en: 'The input holds no file.', 'zh-CN': '输入中没有任何文件。' },
  'noEvidence.unrecognised': { en: 'Not recognised', 'zh-CN': '无法识别' },
  'noEvidence.failed': {
    en: 'Recognised, but nothing usable could be read',
    'zh-CN': '已识别，但无法读取到可用内容',
  },
  'noEvidence.unjudged': {
    en: 'Recognised, but no rule can judge these files alone',
    'zh-CN': '已识别，但没有规则能仅凭这些文件作出判断',
  },
  'noEvidence.skipped': { en: 'Skipped', 'zh-CN': '已跳过' },
  'noEvidence.look': {
    en: '{size} bytes, encoding {encoding}, first line: {firstLine}',
    'zh-CN': '{size} 字节，编码 {encoding}，第一行：{firstLine}',
  },
  'noEvidence.howto': {
    en: 'To make them readable: a filtered fragment (netstat -ano | findstr 443) is read, but one output alone rarely decides anything: send the whole outputs the rules compare (netsh http show sslcert, netstat -anob, certutil -store my). Best: run the collector on the server (tls-doctor collector --out DIR writes it) and analyze the zip it produces.',
    'zh-CN':
      '如何使其可读：过滤后的片段（netstat -ano | findstr 443）也能读取，但单个输出很少能得出结论：请发送规则需要比对的完整输出（netsh http show sslcert、netstat -anob、certutil -store my）。最佳做法：在服务器上运行收集器（用 tls-doctor collector --out DIR 生成），然后分析它生成的 zip 文件。',
  },
  'noEvidence.codePage': {
    en: 'A file above is in a legacy code page ({encodings}): if its text looks garbled, give the code page with --encoding (e.g. --encoding 936 for Chinese Windows, 437 or 850 for Western consoles).',
    'zh-CN':
      '上面有文件使用旧式代码页（{encodings}）：如果其文本显示为乱码，请用 --encoding 指定代码页（例如中文 Windows 用 --encoding 936，西文控制台用 437 或 850）。',
  },
  // Collection log in the reader's language (src/report/log-text.ts): codes and their values.
  'log.detail': { en: ': ', 'zh-CN': '，原文：' },
  'log.frame': { en: 'frame {n}', 'zh-CN': '第 {n} 帧' },
  'log.offset': { en: 'byte {n}', 'zh-CN': '第 {n} 字节处' },
  'log.others': { en: '; other candidates: {others}', 'zh-CN': '；其他候选：{others}' },
  'log.by.name': { en: 'file name', 'zh-CN': '文件名' },
  'log.by.path': { en: 'catalog path', 'zh-CN': '目录路径' },
  'log.outcome.failed': { en: 'failed', 'zh-CN': '解析失败' },
  'log.outcome.empty': { en: 'yielded no records', 'zh-CN': '没有读到记录' },
  'log.decided.name': { en: 'the file name decided', 'zh-CN': '由文件名决定' },
  'log.decided.path': { en: 'the catalog path decided', 'zh-CN': '由目录路径决定' },
  'log.decided.first': {
    en: 'the first candidate was taken',
    'zh-CN': '采用了第一个候选',
  },
  'log.recognised-by-content.content': {
    en: 'read as {chosen} by its content ({score})',
    'zh-CN': '按内容读作 {chosen}（内容得分 {score}）',
  },
  'log.recognised-by-content.overruled': {
    en: 'the {by} suggests {named} but the content does not ({namedScore}); read as {chosen} ({score})',
    'zh-CN': '{by}指向 {named}，但内容不符（{namedScore}）；读作 {chosen}（内容得分 {score}）',
  },
  'log.recognition-fallback': {
    en: '{tried} was tried first and {outcome}; read as {chosen} ({score})',
    'zh-CN': '先尝试了 {tried}，{outcome}；读作 {chosen}（内容得分 {score}）',
  },
  'log.recognition-tie': {
    en: 'content fits {chosen} and {rival} equally ({score}); {decided} — check the collection log',
    'zh-CN': '内容同样符合 {chosen} 和 {rival}（{score}）；{decided}，请核对',
  },
  'log.private-key-omitted': {
    en: 'a private key was found at lines {start}-{end}; it was not read or copied into this report; treat it as exposed: revoke the certificate and replace its key',
    'zh-CN':
      '第 {start}-{end} 行是私钥；它未被读取，也未复制到本报告中；请将其视为已泄露：吊销证书并更换其密钥',
  },
  'log.paste-segment': {
    en: 'the file holds {count} outputs ({all}); lines {start}-{end} read as {id} (content {score})',
    'zh-CN':
      '该文件包含 {count} 个命令输出（{all}）；第 {start}-{end} 行作为 {id} 读取（内容得分 {score}）',
  },
  'log.recognition-low-score': {
    en: 'the content looks only a little like {id} ({score})',
    'zh-CN': '内容只有一点像 {id}（内容得分 {score}）',
  },
  'log.not-parsed.etl': {
    en: 'kept, not parsed: {path} is an ETL trace; convert it, then analyze the pcapng ({reason})',
    'zh-CN':
      '已保留，未解析：{path} 是 ETL 跟踪文件；netsh trace 的 ETL 用 etl2pcapng（https://github.com/microsoft/etl2pcapng）转换，pktmon 的 ETL 用 pktmon etl2pcap 转换，然后分析生成的 pcapng（收集器说明：{reason}）',
  },
  'log.not-parsed.marked': {
    en: 'the collector marked {id} {status} ({reason}); the file is kept as evidence, not parsed',
    'zh-CN': '收集器将 {id} 标记为“{status}”（{reason}）；该文件作为证据保留，未解析',
  },
  'log.limit-exceeded.text-size': {
    en: 'the file is {size} bytes; a text artifact is read up to {read} bytes, the other {rest} are not read',
    'zh-CN': '文件有 {size} 字节；文本证据最多读取 {read} 字节，其余 {rest} 字节未读取',
  },
  'log.limit-exceeded.long-line-bytes': {
    en: '{count} line(s) longer than {max} bytes are read up to that length (the first is line {line}); the other {dropped} bytes of them are not read, every other line is',
    'zh-CN':
      '有 {count} 行超过 {max} 字节，只读取到该长度（第一行是第 {line} 行）；这些行其余的 {dropped} 字节未读取，其他各行均已读取',
  },
  'log.limit-exceeded.long-lines': {
    en: '{count} line(s) longer than {max} characters are read up to that length',
    'zh-CN': '有 {count} 行超过 {max} 个字符，只读取到该长度',
  },
  'log.no-parser': {
    en: 'no parser for {id} yet; kept as evidence only',
    'zh-CN': '{id} 尚无解析器；仅作为证据保留',
  },
  'manifestStatus.failed': { en: 'failed', 'zh-CN': '失败' },
  'manifestStatus.skipped': { en: 'skipped', 'zh-CN': '已跳过' },
  'manifestStatus.collected': { en: 'collected', 'zh-CN': '已收集' },
  'reason.collector': { en: 'the collector says: ', 'zh-CN': '收集器说明：' },
  'reason.file-absent': {
    en: 'the manifest lists {path} but the bundle does not contain it',
    'zh-CN': '清单列出了 {path}，但证据包中没有该文件',
  },
  'reason.over-limit': {
    en: '{path} not read: {why}',
    'zh-CN': '{path} 未读取：{why}',
  },
  'reason.no-parser': {
    en: 'no parser for this artifact yet; the file is kept as evidence',
    'zh-CN': '此证据项尚无解析器；文件作为证据保留',
  },
  'reason.unreadable': {
    en: '{path} is not {id} output: nothing in it was checked; collect it again ({command})',
    'zh-CN': '{path} 不是 {id} 的输出：其中的内容均未检查；请重新收集（{command}）',
  },
  'reason.parse-errors': {
    en: 'nothing usable could be read (see the parse issues)',
    'zh-CN': '无法读取到可用内容（见解析问题）',
  },
  'skip.unexaminable': {
    en: 'cannot be examined ({error}): not read',
    'zh-CN': '无法检查（{error}）：未读取',
  },
  'skip.symlink': { en: 'symbolic link: not followed', 'zh-CN': '符号链接：未跟随' },
  'skip.too-large': {
    en: '{size} bytes exceeds --max-entry-size {limit}',
    'zh-CN': '{size} 字节，超过 --max-entry-size {limit}',
  },
  'skip.ratio': {
    en: 'expands {ratio}× (limit {limit}×, a likely zip bomb); re-run with --max-ratio {needed} if you trust the bundle',
    'zh-CN':
      '解压后膨胀 {ratio} 倍（上限 {limit} 倍，疑似压缩炸弹）；如信任此证据包，请加 --max-ratio {needed} 重新运行',
  },
  'skip.nested-archive': {
    en: 'nested archive: not opened (unpack it and pass its files)',
    'zh-CN': '嵌套的压缩包：未打开（请解压后传入其中的文件）',
  },
  'skip.not-a-file': { en: '{kind}: not read', 'zh-CN': '不是普通文件（{kind}）：未读取' },
  'skip.encrypted': {
    en: 'encrypted entry (password-protected zip): not read',
    'zh-CN': '加密条目（受密码保护的 zip）：未读取',
  },
  'skip.duplicate-name': {
    en: 'duplicate entry name: the first one is used',
    'zh-CN': '条目名称重复：使用第一个',
  },
  'skip.duplicate-differs': {
    en: 'duplicate entry name with different content: which copy is current cannot be told',
    'zh-CN': '条目名称重复且内容不同：无法判断哪个副本是当前的',
  },
  'reason.duplicate-differs': {
    en: 'the archive holds two different copies of {path}: which one is current cannot be told, so neither is judged — collect it again',
    'zh-CN': '压缩包中有 {path} 的两个不同副本：无法判断哪个是当前的，因此两者都不评估——请重新收集',
  },
  'skip.compression': {
    en: 'unsupported compression method {method}',
    'zh-CN': '不支持的压缩方法 {method}',
  },
  'unrecognized.unreadable': { en: 'cannot be read: {error}', 'zh-CN': '无法读取：{error}' },
  'unrecognized.not-an-artifact': {
    en: 'not an artifact of the catalog, by path, name or content',
    'zh-CN': '按路径、文件名或内容都不是已知的证据项',
  },
  'unrecognized.evtx': {
    en: 'binary Windows event log (.evtx), not read: export it as XML with {command} (on the server, from an elevated prompt) and analyze that file',
    'zh-CN':
      'Windows 二进制事件日志（.evtx），未读取：请在服务器上以管理员身份运行 {command} 导出为 XML，然后分析该文件',
  },
  'unrecognized.name-only': {
    en: 'the {by} suggests {id}, but nothing in the content is of it (content 0.00) and no record was read',
    'zh-CN': '{by}表明是 {id}，但内容中没有任何相关内容（内容匹配度 0.00），也未读取到任何记录',
  },
  'footer.offline': {
    en: 'This report is self-contained: it loads nothing from the network. Evidence is shown as text, never executed.',
    'zh-CN': '本报告是独立文件：不从网络加载任何内容。证据仅以文本显示，不会被执行。',
  },
} as const satisfies Record<string, Record<Lang, string>>;

export type StringKey = keyof typeof STRINGS;

/** A key the compiler knows: an unknown key fails to compile. */
export function t(key: StringKey, lang: Lang): string {
  return STRINGS[key][lang];
}

/** Whether a key built at run time (an issue code, a template's `{{t "…"}}`) names a string. */
export function isStringKey(key: string): key is StringKey {
  return Object.hasOwn(STRINGS, key);
}

/** A key built at run time: its string, or the key itself when the table lacks it. */
export function tAny(key: string, lang: Lang): string {
  return isStringKey(key) ? t(key, lang) : key;
}
