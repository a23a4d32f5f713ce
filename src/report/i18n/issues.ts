/**
 * Parse issue codes in the reader's words (`issue.<code>`), en and zh-CN: the collection log says
 * what a parser met by its code (`src/report/log-text.ts`), never by the parser's English message.
 * A new issue code needs its string here (the i18n test scans the parsers for codes).
 */
import type { Lang } from '../../engine/rule.js';

export const ISSUE_STRINGS = {
  'issue.other': { en: 'the parser reports a problem', 'zh-CN': '解析器报告了一个问题' },
  'issue.ambiguous-date': {
    en: 'the day/month order of a date cannot be told (no date of the same output has a day above 12, and the bundle does not state the host’s date format); the field is unknown. Collect with the collector: it records the host’s date format',
    'zh-CN':
      '无法判断日期中日和月的顺序（同一输出中没有日大于 12 的日期，捆绑包也未说明主机的日期格式）；该字段未知。请用收集器收集：它会记录主机的日期格式',
  },
  'issue.joined-fields': {
    en: 'several fields of the output are on one line (a mail client removed the line breaks); they were read apart by their labels, or, where they could not be told apart, the entry’s values are unknown',
    'zh-CN':
      '输出中的多个字段位于同一行（邮件客户端删除了换行）；已按其标签分开读取，无法分开时该条目的值视为未知',
  },
  'issue.html-mail': {
    en: 'an HTML mail body: its tags were removed and its entities (&nbsp;) decoded before reading; line numbers count the text without tags. Next time save the mail as plain text or attach the command output as a file',
    'zh-CN':
      'HTML 邮件正文：读取前已删除其标签并解码实体（&nbsp;）；行号按去掉标签后的文本计算。下次请将邮件另存为纯文本，或把命令输出作为文件附上',
  },
  'issue.paste-segment': {
    en: 'the file holds several outputs; these lines were read as one of them',
    'zh-CN': '该文件包含多个命令的输出；这些行作为其中之一读取',
  },
  'issue.unread-lines': {
    en: 'these lines look like another command’s output but were not read; paste that output in a file of its own',
    'zh-CN': '这些行看起来是另一个命令的输出，但未被读取；请将该输出单独粘贴到一个文件中',
  },
  'issue.private-key-omitted': {
    en: 'a private key was found here; its lines were not read or copied into this report; treat it as exposed: revoke the certificate and replace its key',
    'zh-CN':
      '此处发现了私钥；这些行未被读取，也未复制到本报告中；请将其视为已泄露：吊销证书并更换其密钥',
  },
  'issue.date-order-from-file': {
    en: 'a date both day/month orders could mean was read in the order another date of the same output decides (its day is above 12)',
    'zh-CN': '一个日/月顺序不明的日期按同一输出中另一个日期（其日大于 12）确定的顺序读取',
  },
  'issue.certificate-unparsable': { en: 'a certificate cannot be parsed', 'zh-CN': '无法解析证书' },
  'issue.column-not-shown': {
    en: 'the table does not show the HasPrivateKey column (PowerShell drops a column that does not fit the window): whether the certificates have their private key is unknown; run it again with | Format-List Thumbprint,HasPrivateKey',
    'zh-CN':
      '表格中没有 HasPrivateKey 列（窗口放不下时 PowerShell 会删除该列）：无法判断证书是否有私钥；请用 | Format-List Thumbprint,HasPrivateKey 重新运行',
  },
  'issue.command-failed': { en: 'the command reports a failure', 'zh-CN': '命令报告执行失败' },
  'issue.damaged-block': { en: 'a damaged block was skipped', 'zh-CN': '跳过了一个损坏的数据块' },
  'issue.decode-declared-contradicted': {
    en: 'the declared text encoding contradicts the content',
    'zh-CN': '声明的文本编码与内容不符',
  },
  'issue.invisible-characters': {
    en: 'invisible characters (zero-width or bidi marks, e.g. from a thumbprint copied out of the certificate dialog) were removed from the line',
    'zh-CN':
      '已从该行删除不可见字符（零宽或双向标记，例如从证书对话框复制指纹时带入的字符）；若该行是命令，命令正是因此失败（“参数错误”，错误 87），请手动重新输入该值',
  },
  'issue.secret-removed': {
    en: 'a password, key, token or encrypted value on {count} line(s) ({lines}) was replaced with [removed by tls-doctor]; it is never read or copied into a report',
    'zh-CN':
      '第 {lines} 行（共 {count} 行）中的密码、密钥、令牌或加密值已替换为 [removed by tls-doctor]；它不会被读取，也不会复制到任何报告中',
  },
  'issue.decode-mixed': {
    en: 'the file mixes text encodings (cmd > then PowerShell >>); each part was decoded with its own',
    'zh-CN':
      '该文件混用了多种文本编码（cmd > 之后又用 PowerShell >> 追加）；各部分已按各自的编码解码',
  },
  'issue.decode-guessed': {
    en: 'the text encoding was inferred, not declared',
    'zh-CN': '文本编码是推断出来的，并非声明的',
  },
  'issue.decode-replacement': {
    en: 'bytes invalid in the chosen encoding were replaced',
    'zh-CN': '所选编码中无效的字节已被替换',
  },
  'issue.duplicate-record': {
    en: 'the same record appears twice; the later one is kept',
    'zh-CN': '同一条记录出现两次；保留后一条',
  },
  'issue.elided': {
    en: 'the output was cut here by its author',
    'zh-CN': '输出在此处被其作者截断',
  },
  'issue.empty-input': { en: 'nothing to parse', 'zh-CN': '没有可解析的内容' },
  'issue.field-outside-record': {
    en: 'a field appears outside any record',
    'zh-CN': '某个字段出现在任何记录之外',
  },
  // W3C logs (HTTPERR, IIS) without a #Fields: header
  'issue.file-damaged': {
    en: 'the file does not match its size or SHA-256 in manifest.json: cut or changed after collection, not read; collect it again',
    'zh-CN':
      '文件与 manifest.json 中记录的大小或 SHA-256 不符：收集后被截断或修改，未读取；请重新收集',
  },
  'issue.file-changed': {
    en: 'the file does not match its size or SHA-256 in manifest.json: changed after collection; read as it is now',
    'zh-CN': '文件与 manifest.json 中记录的大小或 SHA-256 不符：收集后被修改；按当前内容读取',
  },
  'issue.fields-assumed': {
    en: 'no field list: the values were read in the documented default order',
    'zh-CN': '没有字段列表：按文档中的默认顺序读取了各值',
  },
  'issue.fragment': { en: 'a fragment, read as such', 'zh-CN': '这是一个片段，按片段读取' },
  'issue.invalid-address': { en: 'an address is malformed', 'zh-CN': '地址格式不正确' },
  'issue.invalid-application-id': {
    en: 'an application ID is malformed',
    'zh-CN': '应用程序 ID 格式不正确',
  },
  'issue.invalid-certificate-hash': {
    en: 'a certificate hash is malformed',
    'zh-CN': '证书哈希格式不正确',
  },
  'issue.invalid-endpoint': { en: 'an endpoint is malformed', 'zh-CN': '终结点格式不正确' },
  'issue.invalid-json': { en: 'the JSON cannot be read', 'zh-CN': '无法读取 JSON' },
  'issue.invalid-value': { en: 'a value is malformed', 'zh-CN': '某个值格式不正确' },
  'issue.ip-fragments': {
    en: 'fragmented IP packets are not reassembled',
    'zh-CN': '分片的 IP 数据包未重组',
  },
  'issue.limit-exceeded': {
    en: 'a size or count limit stopped reading early',
    'zh-CN': '达到大小或数量上限，提前停止读取',
  },
  'issue.malformed-json': { en: 'the JSON is malformed', 'zh-CN': 'JSON 格式不正确' },
  'issue.malformed-xml': { en: 'the XML is malformed', 'zh-CN': 'XML 格式不正确' },
  'issue.manifest-duplicate-entry': {
    en: 'the manifest lists an artifact twice',
    'zh-CN': '清单中同一证据项出现两次',
  },
  'issue.manifest-invalid-field': {
    en: 'a manifest field is malformed',
    'zh-CN': '清单中某个字段格式不正确',
  },
  'issue.manifest-invalid-json': {
    en: 'manifest.json is not valid JSON',
    'zh-CN': 'manifest.json 不是有效的 JSON',
  },
  'issue.manifest-path-outside': {
    en: 'a manifest entry names a path outside the bundle: not read; the manifest was edited or crafted',
    'zh-CN': 'manifest 中的某一项指向捆绑包之外的路径：未读取；manifest 被编辑过或是伪造的',
  },
  'issue.manifest-unreadable': {
    en: 'manifest.json cannot be read',
    'zh-CN': '无法读取 manifest.json',
  },
  'issue.manifest-unsupported-version': {
    en: 'the manifest format version is not supported',
    'zh-CN': '不支持该清单格式版本',
  },
  'issue.missing-field': { en: 'a record lacks a field', 'zh-CN': '某条记录缺少字段' },
  'issue.missing-header': {
    en: 'the header is missing; read anyway',
    'zh-CN': '缺少文件头；仍然读取',
  },
  'issue.multiple-listings': {
    en: 'more than one listing; the last one is taken as the state in force',
    'zh-CN': '有多份列表；以最后一份作为当前状态',
  },
  'issue.changed-after-listing': {
    en: 'the entry was changed by a netsh command after its listing and no later listing shows it: its current state is not in this copy; run netsh http show sslcert again',
    'zh-CN':
      '该条目在列出之后被 netsh 命令更改，且之后没有列表显示它：此副本中没有它的当前状态；请再次运行 netsh http show sslcert',
  },
  'issue.netsh-error': { en: 'netsh reports an error', 'zh-CN': 'netsh 报告错误' },
  'issue.entry-not-found': {
    en: 'netsh found no entry for the endpoint this command asked for: it is absent (other endpoints are not shown)',
    'zh-CN': 'netsh 未找到此命令查询的终结点的条目：该条目不存在（未显示其他终结点）',
  },
  'issue.tool-error': {
    en: 'the file holds only the error its command printed (for example: not run elevated), not its output',
    'zh-CN': '该文件只包含命令打印的错误（例如：未以管理员身份运行），而不是命令的输出',
  },
  'issue.unreadable-content': {
    en: 'the file holds nothing of its artifact (binary data, or another kind of file) and no record was read: nothing in it was checked; collect it again',
    'zh-CN':
      '该文件不包含其证据项的任何内容（二进制数据或其他类型的文件），未读取到任何记录：其中的内容均未检查；请重新收集',
  },
  'issue.exit-code-no-records': {
    en: 'the command exited with an error code and its output holds no records: it printed its error (for example: not run elevated), not an empty state',
    'zh-CN':
      '该命令以错误代码退出，且其输出中没有记录：它打印的是错误（例如：未以管理员身份运行），而不是空状态',
  },
  'issue.netstat-needs-elevation': {
    en: 'netstat -b needs an elevated prompt and printed only its error: run `netstat -ano` (or netstat -anob from an elevated prompt)',
    'zh-CN':
      'netstat -b 需要以管理员身份运行，文件中只有它打印的错误：请运行 `netstat -ano`（或在管理员命令提示符中运行 netstat -anob）',
  },
  'issue.no-certificates': {
    en: 'no certificate in the output',
    'zh-CN': '输出中没有证书',
  },
  'issue.no-parser': {
    en: 'no parser yet; kept as evidence only',
    'zh-CN': '尚无解析器；仅作为证据保留',
  },
  'issue.not-a-certificate': { en: 'not a certificate', 'zh-CN': '不是证书' },
  'issue.secret-dropped': {
    en: 'a password value was in the input: blanked, never read',
    'zh-CN': '输入中含有密码值：已清空，从未读取',
  },
  'issue.unknown-labels': {
    en: 'labels in an unknown language: those values are not read (nothing is guessed)',
    'zh-CN': '标签为未知语言：这些值未被读取（不作猜测）',
  },
  'issue.multiple-runs': {
    en: 'the output of several runs: the last one is read',
    'zh-CN': '包含多次运行的输出：读取最后一次',
  },
  'issue.not-parsed': { en: 'kept as evidence, not parsed', 'zh-CN': '作为证据保留，未解析' },
  'issue.parser-failed': { en: 'the parser failed', 'zh-CN': '解析失败' },
  'issue.iis-express': {
    en: "IIS Express configuration: not the server's IIS; no IIS rule judges its sites and bindings",
    'zh-CN': 'IIS Express 配置：不是服务器上的 IIS；任何 IIS 规则都不据此判断其网站和绑定',
  },
  'issue.not-key-path': {
    en: 'an icacls listing of paths that are no machine key folder or key file: not the MachineKeys ACL; a key permission is judged from it only for a certificate whose key file it names',
    'zh-CN':
      '该 icacls 列表中的路径不是计算机密钥文件夹或密钥文件：它不是 MachineKeys 的 ACL；只有当某个证书的密钥文件正是其中的路径时，才据此判断该密钥的权限',
  },
  'issue.processing-failed': {
    en: 'the tool could not process an entry',
    'zh-CN': '工具无法处理某个条目',
  },
  'issue.recognised-by-content': { en: 'recognised by its content', 'zh-CN': '按内容识别' },
  'issue.recognition-fallback': {
    en: 'another reading was tried first',
    'zh-CN': '先尝试了另一种读法',
  },
  'issue.recognition-low-score': {
    en: 'the content looks only a little like this artifact',
    'zh-CN': '内容只有一点像此证据项',
  },
  'issue.recognition-tie': {
    en: 'the content fits two artifacts equally',
    'zh-CN': '内容同样符合两种证据项',
  },
  'issue.repaired-line': { en: 'a damaged line was repaired', 'zh-CN': '修复了一行损坏的内容' },
  'issue.store-error': { en: 'a certificate store reports an error', 'zh-CN': '证书存储报告错误' },
  'issue.tcp-gap': { en: 'a TCP stream has a gap', 'zh-CN': 'TCP 流中有缺口' },
  'issue.thumbprint-mismatch': {
    en: 'the file name and the certificate thumbprint differ',
    'zh-CN': '文件名与证书指纹不一致',
  },
  'issue.tls-message-invalid': { en: 'a TLS message is malformed', 'zh-CN': 'TLS 消息格式不正确' },
  'issue.tls-record-invalid': { en: 'a TLS record is malformed', 'zh-CN': 'TLS 记录格式不正确' },
  'issue.value-cut': {
    en: 'PowerShell cut this cell (…) to fit the window: the value is unknown; widen the window or use | Format-List',
    'zh-CN': 'PowerShell 为适应窗口截断了此单元格（…）：该值未知；请加宽窗口或使用 | Format-List',
  },
  'issue.truncated': {
    en: 'the input ends inside a record',
    'zh-CN': '输入在某条记录中间结束',
  },
  'issue.truncated-packets': {
    en: 'packets were captured truncated',
    'zh-CN': '捕获的数据包被截断',
  },
  'issue.unknown-format': { en: 'unknown file format', 'zh-CN': '未知的文件格式' },
  'issue.unknown-label': { en: 'an unknown label', 'zh-CN': '未知的标签' },
  'issue.unrecognized-line': {
    en: 'lines of an unknown shape were skipped',
    'zh-CN': '跳过了无法识别的行',
  },
  'issue.unsupported-link-type': {
    en: 'the capture link type is not supported',
    'zh-CN': '不支持该抓包链路类型',
  },
  'issue.unsupported-variant': {
    en: 'a known but unsupported variant of the format',
    'zh-CN': '该格式的一个已知但不受支持的变体',
  },
  'issue.unterminated-continuation': {
    en: 'a continued value ends without its last line',
    'zh-CN': '续行的值缺少最后一行',
  },
  'issue.value-outside-key': {
    en: 'a value appears before any key',
    'zh-CN': '某个值出现在任何注册表项之前',
  },
  // URL reservations, HTTP.sys service state, SDDL of the key folders (issue 16)
  'issue.invalid-sddl': {
    en: 'part of a security descriptor (SDDL) cannot be read; its other entries were kept',
    'zh-CN': '安全描述符 (SDDL) 的一部分无法读取；其他条目已保留',
  },
  'issue.acl-read-failed': {
    en: 'the collector could not read the ACL of a path (Get-Acl failed)',
    'zh-CN': '收集器无法读取某个路径的 ACL（Get-Acl 失败）',
  },
  'issue.invalid-url': {
    en: 'a URL is not a complete scheme://host:port/ prefix',
    'zh-CN': '某个 URL 不是完整的 scheme://host:port/ 前缀',
  },
} as const satisfies Record<string, Record<Lang, string>>;
