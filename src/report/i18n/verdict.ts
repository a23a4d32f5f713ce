/**
 * The verdict's strings (`verdict.*`), en and zh-CN: what the report says first (src/report/verdict-build.ts).
 */
import type { Lang } from '../../engine/rule.js';

export const VERDICT_STRINGS = {
  'verdict.title': { en: 'Verdict', 'zh-CN': '结论' },
  'verdict.clean': {
    en: 'No problem found in the evidence that was evaluated.',
    'zh-CN': '在已评估的证据中未发现问题。',
  },
  'verdict.worst': { en: 'Most severe finding', 'zh-CN': '最严重的发现' },
  'verdict.counts': { en: 'Findings by severity', 'zh-CN': '按严重程度统计的发现' },
  'verdict.notEvaluated': {
    en: 'rules could not be evaluated (evidence missing)',
    'zh-CN': '条规则无法评估（缺少证据）',
  },
  'verdict.evaluated': { en: 'rules evaluated', 'zh-CN': '条规则已评估' },
  'verdict.needs': {
    en: 'To evaluate them, collect',
    'zh-CN': '如需评估，请收集',
  },
  'verdict.collectCommand': { en: 'collected by', 'zh-CN': '收集命令' },
  'verdict.forRules': { en: 'for', 'zh-CN': '用于' },
  'verdict.rootCause': {
    en: 'Root cause: {title} ({entity})',
    'zh-CN': '根本原因：{title}（{entity}）',
  },
  // judge14 M1: two or more independent critical causes.
  'verdict.rootCauses': {
    en: '{n} independent critical causes — fixing one does not fix the others, all must be fixed: {items}',
    'zh-CN': '{n} 个相互独立的严重原因 —— 修复其中一个并不能解决其他原因，必须全部修复：{items}',
  },
  'verdict.rootCausesMore': {
    en: '; and {n} more (see Findings)',
    'zh-CN': '；另有 {n} 个（见“发现”）',
  },
  'verdict.rootCausesItem': {
    en: '{n}) {title} ({entity})',
    'zh-CN': '{n}) {title}（{entity}）',
  },
  'verdict.disagreement': {
    en: 'The evidence disagrees; settle this first: {title} ({entity})',
    'zh-CN': '证据相互矛盾，请先核实：{title}（{entity}）',
  },
  'verdict.rootCauseChanged': {
    en: 'Possible cause, resting on {files}, changed after collection (confirm it before acting): {title} ({entity})',
    'zh-CN': '可能的原因（依据的 {files} 在采集后被更改过，请先确认再操作）：{title}（{entity}）',
  },
  'verdict.changedFiles': {
    en: 'Changed after collection (size or SHA-256 differs from manifest.json; read as they are now, findings resting on them are marked)',
    'zh-CN':
      '采集后被更改过（大小或 SHA-256 与 manifest.json 不符；按当前内容读取，依据这些文件的发现已标注）',
  },
  'verdict.privateKeyTitle': { en: 'Private key in the evidence', 'zh-CN': '证据中有私钥' },
  'verdict.privateKey': {
    en: 'A private key was found in {file} at lines {start}–{end}; it was not read or copied into this report. Treat it as exposed: revoke the certificate and replace its key (a new key and a new certificate).',
    'zh-CN':
      '在 {file} 的第 {start}–{end} 行发现了私钥；本报告未读取也未复制它。请将其视为已泄露：吊销该证书并更换其密钥（新的密钥和新的证书）。',
  },
  'verdict.pfxFile': {
    en: '{file} is a PFX file (PKCS#12: a certificate with its private key); it was not read. Delete it from wherever it was sent or stored, and treat the private key as exposed: revoke the certificate and replace its key (a new key and a new certificate); a PFX password does not protect a key that can be guessed offline. tls-doctor needs only the public part (a .cer file or certutil -store my).',
    'zh-CN':
      '{file} 是 PFX 文件（PKCS#12：证书及其私钥）；未读取它。请从其被发送或存放的位置删除它，并将该私钥视为已泄露：吊销该证书并更换其密钥（新的密钥和新的证书）；PFX 密码无法保护可被离线破解的私钥。tls-doctor 只需要公开部分（.cer 文件或 certutil -store my）。',
  },
  'verdict.pfx': {
    en: 'A PFX (PKCS#12 file: a certificate with its private key), pasted in base64, was found in {file} at lines {start}–{end}; it was not read or copied into this report. Treat the private key as exposed: revoke the certificate and replace its key (a new key and a new certificate); a PFX password does not protect a key sent with it or guessed offline.',
    'zh-CN':
      '在 {file} 的第 {start}–{end} 行发现了以 base64 粘贴的 PFX（PKCS#12 文件：证书及其私钥）；本报告未读取也未复制它。请将该私钥视为已泄露：吊销该证书并更换其密钥（新的密钥和新的证书）；PFX 密码无法保护随之发送或可被离线破解的私钥。',
  },
  'verdict.doFirst': { en: 'Do this first', 'zh-CN': '首先执行' },
  'verdict.symptoms': {
    en: 'other finding(s) are symptoms of it and are listed under it',
    'zh-CN': '项其他发现是它的症状，列在它下面',
  },
  'verdict.cleanIn': { en: 'No problem found in {areas}', 'zh-CN': '在{areas}中未发现问题' },
  'verdict.noCauseIn': {
    en: 'No cause of an HTTPS failure found in {areas}',
    'zh-CN': '在{areas}中未发现导致 HTTPS 故障的原因',
  },
  'verdict.noCause': {
    en: 'No cause of an HTTPS failure found in the evidence that was evaluated.',
    'zh-CN': '在已评估的证据中未发现导致 HTTPS 故障的原因。',
  },
  'verdict.alsoFound': {
    en: "Also found ({n}, below): {titles} — these cannot make the IIS sites' HTTPS fail on their own (hygiene, TLS traffic that is not HTTPS, or another program's HTTP.sys entry), so none is the cause of their failure.",
    'zh-CN':
      '另外发现（{n} 项，见下方）：{titles}——它们本身不会导致 IIS 网站的 HTTPS 失败（属于安全卫生问题、不是 HTTPS 的 TLS 流量，或其他程序的 HTTP.sys 条目），因此都不是其故障原因。',
  },
  'verdict.unusedOnly': {
    en: "Found only on HTTP.sys entries no IIS site uses ({endpoints}; {n} below): {titles} — clean-up for clients that reach an address no site is bound to, not why a site fails. This evidence does not explain the sites' failure: collect a network capture of the failing handshake and the Schannel and HttpEvent events of the System log (the tls-doctor collector takes both), then analyze again.",
    'zh-CN':
      '仅在没有任何 IIS 站点使用的 HTTP.sys 条目（{endpoints}；{n} 项，见下方）上发现：{titles}——这是针对访问无站点绑定地址的客户端的清理项，不是站点故障的原因。这些证据无法解释站点的故障：请收集失败握手的网络捕获以及系统日志中的 Schannel 和 HttpEvent 事件（tls-doctor 收集器会同时收集），然后重新分析。',
  },
  'verdict.remarks': {
    en: 'Noted (info, below): {titles}.',
    'zh-CN': '备注（信息级，见下方）：{titles}。',
  },
  'verdict.advice': {
    en: '{n} low-severity recommendation(s) below are advice, not the cause of a failure.',
    'zh-CN': '下方 {n} 条低严重性建议仅供参考，并非故障原因。',
  },
  // judge7 M3: --as-of overruled by the manifest's collection time.
  'verdict.asOfBefore': {
    en: '--as-of {asOf} is before the evidence was collected ({date}, manifest.json): ignored — certificate validity and event ages were judged at {date}.',
    'zh-CN':
      '--as-of {asOf} 早于证据的收集时间（{date}，manifest.json）：已忽略——证书有效期和事件时间按 {date} 判断。',
  },
  'verdict.asOfIgnored': {
    en: '--as-of {asOf} is ignored: manifest.json says the evidence was collected on {date}; certificate validity and event ages were judged at {date}.',
    'zh-CN':
      '已忽略 --as-of {asOf}：manifest.json 表明证据收集于 {date}；证书有效期和事件时间按 {date} 判断。',
  },
  'verdict.stale': {
    en: 'Evidence collected {n} days ago ({date}): re-collect before acting.',
    'zh-CN': '证据收集于 {n} 天前（{date}）：请先重新收集再采取行动。',
  },
  'verdict.listenersDisputed': {
    en: 'listening ports: cannot tell — the two listener sources disagree ({items}); run netstat -ano and Get-NetTCPConnection -State Listen together and compare',
    'zh-CN':
      '侦听端口：无法判断 — 两个侦听来源说法不一（{items}）；请同时运行 netstat -ano 和 Get-NetTCPConnection -State Listen 并比较',
  },
  'verdict.listenerDisputeItem': {
    en: '{source} shows {owner} on {endpoint}, {other} shows {otherOwner}',
    'zh-CN': '{source} 显示 {owner} 在 {endpoint} 上侦听，{other} 显示的是 {otherOwner}',
  },
  'verdict.certificatesUndated': {
    en: "certificate dates not judged: nothing says when the evidence was taken, so whether {n} certificate(s) had expired cannot be told — re-run with --as-of <the day the output was taken> (not today, unless it was taken today) or send the collector's zip with its manifest",
    'zh-CN':
      '证书日期未判断：没有任何内容说明证据的获取时间，因此无法判断 {n} 个证书当时是否已过期 — 请使用 --as-of <输出的获取日期>（除非是今天获取的，否则不要填今天）重新运行，或发送带清单的收集器 zip',
  },
  'verdict.eventsUndated': {
    en: "events of unknown age: nothing dates the collection, so whether an event is still logged cannot be told; its findings are the cause only if it is current — re-run with --as-of <collection date> or send the collector's zip with its manifest",
    'zh-CN':
      '事件时间远近未知：没有任何内容说明收集时间，因此无法判断事件是否仍在记录；只有事件是当前事件时，其发现才是原因 — 请使用 --as-of <收集日期> 重新运行，或发送带清单的收集器 zip',
  },
  // judge6 S4b: an error event no rule explains keeps the events area from being called clean.
  'verdict.eventsUnexplained': {
    en: 'events: cannot tell — error events no rule explains: {items}; no rule of this tool judges them, so they are neither cleared nor blamed: read them in the events table before acting',
    'zh-CN':
      '事件：无法判断 — 没有规则能解释的错误事件：{items}；本工具没有规则判断它们，因此既不排除也不归咎于它们：采取行动前请先在事件表中查看',
  },
  'verdict.ageFileTimes': {
    en: " — the events' age is judged against the collection time estimated from the zip's file times (newest {at})",
    'zh-CN': ' — 事件的时间远近依据 zip 中文件时间估计的收集时间判断（最新 {at}）',
  },
  'verdict.ageRunDate': {
    en: ' — the events were logged within 30 days of this analysis, so they are current whenever the evidence was collected',
    'zh-CN': ' — 这些事件记录于本次分析前 30 天内，因此无论证据何时收集，它们都是当前事件',
  },
  'verdict.mixedHosts': {
    en: ' — built from files of more than one server: {hosts}; check they are the same machine before acting',
    'zh-CN': ' — 依据来自多台服务器的文件得出：{hosts}；采取行动前请确认它们是同一台计算机',
  },
  'verdict.probableIfCurrent': {
    en: 'Probable cause if these events are current: {title} ({entity}), last logged {last}. Their age is unknown (nothing dates the collection): re-run with --as-of <collection date> to decide',
    'zh-CN':
      '如果这些事件是当前事件，可能的原因是：{title}（{entity}），最后一次记录于 {last}。其时间远近未知（没有任何内容说明收集时间）：请使用 --as-of <收集日期> 重新运行以作判断',
  },
  'verdict.notChecked': {
    en: 'not checked: {areas} — collect {collect} (the collector gathers all of it: tls-doctor collector)',
    'zh-CN': '未检查：{areas} — 请收集 {collect}（收集器会收集全部证据：tls-doctor collector）',
  },
  'verdict.entriesRefused': {
    en: 'not checked: {items}',
    'zh-CN': '未检查：{items}',
  },
  'verdict.denied': {
    en: 'not checked: {items}; re-run the collector as Administrator (an elevated prompt)',
    'zh-CN': '未检查：{items}；请以管理员身份（提升权限的命令提示符）重新运行收集器',
  },
  'verdict.deniedElevated': {
    en: 'not checked: {items}; re-run the collector as Administrator (the manifest says it ran elevated: if it did, the error in the file names what denies Administrators access)',
    'zh-CN':
      '未检查：{items}；请以管理员身份重新运行收集器（清单显示它已以提升权限运行：如果确实如此，文件中的错误会说明拒绝管理员访问的对象）',
  },
  'verdict.deniedItem': {
    en: '{command} failed: {why}',
    'zh-CN': '{command} 失败：{why}',
  },
  'verdict.deniedAreaItem': {
    en: '{areas} — {command} failed: {why}',
    'zh-CN': '{areas} — {command} 失败：{why}',
  },
  'verdict.denied.access-denied': { en: 'access denied', 'zh-CN': '拒绝访问' },
  'verdict.denied.elevation': { en: 'requires elevation', 'zh-CN': '需要提升权限' },
  'verdict.partly': {
    en: 'partly checked: {items}',
    'zh-CN': '部分检查：{items}',
  },
  'verdict.partlyItem': {
    en: '{area} — {n} rule(s) could not decide for {entities} (why and what to collect: "Not evaluated" below)',
    'zh-CN': '{area}——{n} 条规则无法对 {entities} 作出判断（原因及需收集的内容见下方“未评估”）',
  },
  'verdict.partlyItemNoEntity': {
    en: '{area} — {n} rule(s) could not decide (why and what to collect: "Not evaluated" below)',
    'zh-CN': '{area}——{n} 条规则无法作出判断（原因及需收集的内容见下方“未评估”）',
  },
  'verdict.captureOneDirection': {
    en: 'captures: no complete handshake (one direction only) — capture on the server, both directions',
    'zh-CN': '网络捕获：没有完整的握手（只捕获到一个方向）—— 请在服务器上捕获双向流量',
  },
  'verdict.captureIncomplete': {
    en: "captures: no complete handshake — none of the {n} handshake(s) captured reached its end (the capture stopped too early, or the server's answer was not captured), so the captures decide nothing — capture again on the server, both directions, whole packets, from before the client connects until the failure is seen",
    'zh-CN':
      '网络捕获：没有完整的握手——捕获到的 {n} 次握手都没有进行到结尾（捕获停止得太早，或未捕获到服务器的应答），因此网络捕获无法说明任何问题——请在服务器上重新捕获：双向流量、完整数据包，从客户端连接之前开始，直到出现故障为止',
  },
  'verdict.captureIncompleteCut': {
    en: 'captures: no complete handshake — {file} is cut short (its last packet record is incomplete) and none of the {n} handshake(s) captured reached its end, so the captures decide nothing — capture again on the server, both directions, whole packets, until the failure is seen, and send the file whole (stop the capture before copying it)',
    'zh-CN':
      '网络捕获：没有完整的握手——{file} 不完整（最后一个数据包记录被截断），捕获到的 {n} 次握手都没有进行到结尾，因此网络捕获无法说明任何问题——请在服务器上重新捕获：双向流量、完整数据包，直到出现故障为止，并发送完整的文件（先停止捕获再复制文件）',
  },
  'verdict.captureNotHttps': {
    en: "captures: {file} shows TLS of {services}, not HTTPS, so it shows nothing about the site — capture on the server while a client connects to the site's HTTPS port (443 unless its binding names another)",
    'zh-CN':
      '网络捕获：{file} 中是 {services} 的 TLS 流量，不是 HTTPS，因此无法说明网站的任何情况——请在客户端连接网站的 HTTPS 端口（除非绑定指定了其他端口，否则为 443）时在服务器上捕获',
  },
  'verdict.snapOf': { en: ' of {snap} bytes', 'zh-CN': '（{snap} 字节）' },
  'verdict.captureTruncated': {
    en: "captures: {n} packet(s) of {file} were cut by the capture's snap length{snapOf} (first in frame {frame}), so no TLS handshake could be read — capture again with whole packets (tcpdump / Wireshark: -s 0; pktmon start --capture --pkt-size 0: its default keeps 128 bytes)",
    'zh-CN':
      '网络捕获：{file} 中有 {n} 个数据包被捕获的快照长度{snapOf}截断（第一个在第 {frame} 帧），因此无法读取任何 TLS 握手 —— 请以完整数据包重新捕获（tcpdump / Wireshark：-s 0；pktmon start --capture --pkt-size 0：其默认只保留 128 字节）',
  },
  'verdict.captureCutEnd': {
    en: 'captures: {file} ends inside frame {frame} (the file is cut short: copied while the capture was still writing, or truncated); the frames before it were read, what was under way at its end is not known',
    'zh-CN':
      '网络捕获：{file} 在第 {frame} 帧中间结束（文件不完整：捕获仍在写入时被复制，或被截断）；其之前的帧均已读取，结尾处正在进行的内容无法得知',
  },
  'verdict.captureCutOpen': {
    en: 'captures: {file} ends inside frame {frame} (the file is cut short) while {n} handshake(s) were under way: their outcome is not known and they were not judged — send the capture whole (stop it before copying it)',
    'zh-CN':
      '网络捕获：{file} 在第 {frame} 帧中间结束（文件不完整），此时有 {n} 次握手正在进行：其结果无法得知，未作判断 —— 请发送完整的捕获文件（先停止捕获再复制）',
  },
  'verdict.captureTruncatedSome': {
    en: "captures: {n} packet(s) of {file} were cut by the capture's snap length{snapOf} (first in frame {frame}), so some handshakes may be read incompletely — capture again with whole packets (tcpdump / Wireshark: -s 0; pktmon start --capture --pkt-size 0: its default keeps 128 bytes)",
    'zh-CN':
      '网络捕获：{file} 中有 {n} 个数据包被捕获的快照长度{snapOf}截断（第一个在第 {frame} 帧），部分握手可能读取不完整 —— 请以完整数据包重新捕获（tcpdump / Wireshark：-s 0；pktmon start --capture --pkt-size 0：其默认只保留 128 字节）',
  },
  // judge14 S3: manifest.json cut short or not JSON.
  'verdict.manifestUnread': {
    en: "the collector's manifest.json could not be read (not valid JSON: cut short or damaged), so the host name, OS build and collection time it holds are unknown: certificate dates were not judged against the collection time, and which server the files come from is not known — copy the collector's zip again whole (or re-run the collector), or give the collection day with --as-of",
    'zh-CN':
      '无法读取收集器的 manifest.json（不是有效的 JSON：被截断或已损坏），因此其中的主机名、操作系统版本号和收集时间均未知：证书日期未按收集时间判断，也无法确认这些文件来自哪台服务器 —— 请重新完整复制收集器的 zip（或重新运行收集器），或用 --as-of 给出收集日期',
  },
  'verdict.manifestUnreadAsOf': {
    en: "the collector's manifest.json could not be read (not valid JSON: cut short or damaged), so the host name and OS build it holds are unknown and the collection time is the --as-of day given, not the collector's — copy the collector's zip again whole (or re-run the collector)",
    'zh-CN':
      '无法读取收集器的 manifest.json（不是有效的 JSON：被截断或已损坏），因此其中的主机名和操作系统版本号未知，收集时间取自 --as-of 给出的日期，而非收集器记录的时间 —— 请重新完整复制收集器的 zip（或重新运行收集器）',
  },
  'verdict.filesUnreadable': {
    en: '{files} could not be read (binary data, or another kind of file than its command writes), so nothing in it was checked — collect it again: {commands}',
    'zh-CN':
      '无法读取 {files}（二进制数据，或不是其命令输出的文件类型），因此其中的内容均未检查 —— 请重新收集：{commands}',
  },
  'verdict.captureUnreadable': {
    en: 'captures: {file} could not be read ({why}), so nothing in it was checked — copy the capture file again whole (a pktmon .etl converted with pktmon etl2pcap, or the .pcap / .pcapng as written) and analyze it again',
    'zh-CN':
      '网络捕获：无法读取 {file}（{why}），因此其中的内容均未检查 —— 请重新完整复制捕获文件（用 pktmon etl2pcap 转换的 pktmon .etl，或原样的 .pcap / .pcapng）后再分析',
  },
  'verdict.captureUnreadableFrom': {
    en: 'captures: {file} could be read only up to frame {frame} ({why}); nothing after it was checked — copy the capture file again whole and analyze it again',
    'zh-CN':
      '网络捕获：{file} 只能读取到第 {frame} 帧（{why}），其后的内容均未检查 —— 请重新完整复制捕获文件后再分析',
  },
  'verdict.captureNoTls': {
    en: "captures: {file} holds no TLS connection — capture on the server's interface while a client connects to the HTTPS port",
    'zh-CN':
      '网络捕获：{file} 中没有任何 TLS 连接 —— 请在客户端连接 HTTPS 端口时，在服务器的网卡上捕获',
  },
  'verdict.captureTls13Hidden': {
    en: "captures: {n} TLS 1.3 handshake(s) look established, but TLS 1.3 encrypts the end of the handshake — whether the server accepted them (for one, a client certificate it requires) cannot be told from the wire; if these clients still fail, collect the server's Schannel events (events.schannel)",
    'zh-CN':
      '网络捕获：{n} 次 TLS 1.3 握手看似已建立，但 TLS 1.3 会加密握手的结尾 —— 服务器是否接受了它们（例如服务器要求的客户端证书）无法从网络数据中判断；如果这些客户端仍然失败，请收集服务器的 Schannel 事件（events.schannel）',
  },
  'verdict.andMore': { en: '{first} and {n} more', 'zh-CN': '{first} 等另外 {n} 项' },
  'verdict.noEvidence': {
    en: 'No verdict: none of the input files was recognised as evidence that a rule can judge.',
    'zh-CN': '无法得出结论：输入的文件中没有可供规则判断的证据。',
  },
  'verdict.hostConflict': {
    en: 'These files do not come from one server; findings that join them may be wrong',
    'zh-CN': '这些文件并非来自同一台服务器；合并它们得出的发现可能有误',
  },
} as const satisfies Record<string, Record<Lang, string>>;
