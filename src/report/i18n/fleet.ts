/**
 * The fleet report's strings (`fleet.*`), en and zh-CN (src/report/fleet.ts, the fleet renderers).
 */
import type { Lang } from '../../engine/rule.js';

export const FLEET_STRINGS = {
  'fleet.title': { en: 'tls-doctor fleet report', 'zh-CN': 'tls-doctor 服务器群报告' },
  'fleet.folder': { en: 'Folder', 'zh-CN': '文件夹' },
  'fleet.servers': { en: 'Servers', 'zh-CN': '服务器' },
  'fleet.bundle': { en: 'Bundle', 'zh-CN': '证据包' },
  'fleet.failed': { en: 'could not be analyzed', 'zh-CN': '无法分析' },
  'fleet.findings': { en: 'Findings across servers', 'zh-CN': '跨服务器的发现' },
  'fleet.on': { en: 'On', 'zh-CN': '出现于' },
  'fleet.clean': { en: 'Not on', 'zh-CN': '未出现于' },
  'fleet.notEvaluatedOn': { en: 'Not evaluated on', 'zh-CN': '未评估于' },
  'fleet.differences': {
    en: 'Differences between servers',
    'zh-CN': '服务器之间的差异',
  },
  'fleet.differencesNone': {
    en: 'The servers agree on every compared setting.',
    'zh-CN': '所有比较的设置在各服务器上一致。',
  },
  'fleet.item': { en: 'Item', 'zh-CN': '项目' },
  'fleet.value': { en: 'Value', 'zh-CN': '值' },
  'fleet.error': { en: 'Error', 'zh-CN': '错误' },
  'fleet.notEvaluated': {
    en: 'not evaluated: no file was recognised as evidence a rule can judge',
    'zh-CN': '未评估：没有文件被识别为可供规则判断的证据',
  },
  'fleet.notChecked': { en: 'Not checked', 'zh-CN': '未检查' },
  'fleet.skippedTitle': { en: 'Bundles not analyzed', 'zh-CN': '未分析的证据包' },
  'fleet.skipped.duplicate': {
    en: 'same bundle as {of}, skipped',
    'zh-CN': '与 {of} 是同一证据包，已跳过',
  },
  'fleet.manifestUnread': {
    en: 'manifest.json could not be read (not valid JSON: cut short or damaged) — host name, OS build and collection time unknown, certificate dates not judged; copy the bundle again whole or re-collect',
    'zh-CN':
      '无法读取 manifest.json（不是有效的 JSON：被截断或已损坏）—— 主机名、操作系统版本号和收集时间未知，证书日期未判断；请重新完整复制证据包或重新收集',
  },
  'fleet.filesUnread': {
    en: "{files} could not be read (nothing of its command's output): not checked; collect again",
    'zh-CN': '无法读取 {files}（不是其命令的输出）：未检查；请重新收集',
  },
  'fleet.unread': { en: 'Evidence not read', 'zh-CN': '未能读取的证据' },
  'fleet.differencesTooFew': {
    en: 'Fewer than two servers were analyzed: nothing was compared.',
    'zh-CN': '分析的服务器少于两台：未作任何比较。',
  },
  'fleet.skipped.link': {
    en: 'symbolic link, not followed: not analyzed (--follow-links follows links)',
    'zh-CN': '符号链接，未跟随：未分析（--follow-links 会跟随链接）',
  },
  'fleet.skipped.link-unreadable': {
    en: 'symbolic link to nothing readable: not analyzed',
    'zh-CN': '指向无法读取目标的符号链接：未分析',
  },
  'fleet.skipped.not-a-file': {
    en: 'neither a folder nor a file: not read',
    'zh-CN': '既不是文件夹也不是文件：未读取',
  },
  'fleet.skipped.older': {
    en: 'older collection of {host} (collected {at}), skipped: {of} (collected {newest}) shows its current state',
    'zh-CN': '{host} 的较早收集（收集于 {at}），已跳过：{of}（收集于 {newest}）显示其当前状态',
  },
  'fleet.clashTitle': {
    en: 'Bundles that claim the same server',
    'zh-CN': '声称来自同一台服务器的证据包',
  },
  'fleet.clash': {
    en: '{n} bundles claim host {host} collected at {at}, but their files differ: {bundles}. They are not copies of one bundle: one was edited or renamed after collection, or several servers report the same host name (a cloned image). Each is listed as a separate server, so the counts across servers may count one machine more than once. Check the host name on each server and collect again.',
    'zh-CN':
      '{n} 个证据包都声称来自主机 {host}、收集于 {at}，但文件内容不同：{bundles}。它们不是同一证据包的副本：要么某个证据包在收集后被编辑或改名，要么多台服务器报告了相同的主机名（克隆的映像）。每个证据包都被列为一台服务器，因此跨服务器的计数可能把同一台机器计算了多次。请在每台服务器上核对主机名并重新收集。',
  },
  'fleet.sameHostAs': {
    en: 'same host and collection time as {bundles}, with other files: see “Bundles that claim the same server”',
    'zh-CN': '与 {bundles} 的主机和收集时间相同，但文件不同：见“声称来自同一台服务器的证据包”',
  },
  'fleet.hostConflict': { en: 'files from more than one server', 'zh-CN': '文件来自多台服务器' },
} as const satisfies Record<`fleet.${string}`, Record<Lang, string>>;
