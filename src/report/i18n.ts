/**
 * Every string of the report in English and Simplified Chinese. A test fails when a key lacks
 * a language. Templates use `{{t "key"}}`.
 */
import type { Lang } from '../engine/rule.js';

export const STRINGS = {
  'report.title': { en: 'tls-doctor report', 'zh-CN': 'tls-doctor 报告' },
  'report.generated': { en: 'Generated', 'zh-CN': '生成时间' },
  'report.input': { en: 'Input', 'zh-CN': '输入' },
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
  'findings.copied': { en: 'Copied', 'zh-CN': '已复制' },
  'filter.placeholder': { en: 'Filter findings…', 'zh-CN': '筛选发现…' },
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
  'status.not-collected': { en: 'not collected', 'zh-CN': '未收集' },
  'status.missing': { en: 'missing', 'zh-CN': '缺失' },
  yes: { en: 'yes', 'zh-CN': '是' },
  no: { en: 'no', 'zh-CN': '否' },
  unknown: { en: 'unknown', 'zh-CN': '未知' },
  'footer.offline': {
    en: 'This report is self-contained: it loads nothing from the network. Evidence is shown as text, never executed.',
    'zh-CN': '本报告是独立文件：不从网络加载任何内容。证据仅以文本显示，不会被执行。',
  },
} as const satisfies Record<string, Record<Lang, string>>;

export type StringKey = keyof typeof STRINGS;

export function t(key: string, lang: Lang): string {
  const entry = (STRINGS as Record<string, Record<Lang, string>>)[key];
  return entry ? entry[lang] : key;
}
