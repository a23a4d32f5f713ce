/** `tls-doctor rules list` and `tls-doctor explain <rule-id>`: the rules, without evidence. */
import { Option, type Command } from 'commander';
import { LANGS, type Lang } from '../engine/rule.js';
import { t } from '../report/i18n.js';
import { load, say, toJson, UsageError } from './common.js';
import { stdout } from './stdout.js';

export function addRulesCommand(program: Command): void {
  const rulesCmd = program.command('rules').description(say('cli.cmd.rules'));
  rulesCmd
    .command('list')
    .description(say('cli.cmd.rulesList'))
    .option('--rules <dir...>', say('cli.opt.rulesShort'))
    .option('--json', say('cli.opt.json'))
    .action(async (o: { rules?: string[]; json?: boolean }) => {
      const { loadRules, BUILTIN_RULES_DIR } = await load.rules();
      const rules = loadRules([BUILTIN_RULES_DIR, ...(o.rules ?? [])]);
      if (o.json) {
        stdout().write(
          toJson(
            rules.map((r) => ({
              id: r.id,
              area: r.area,
              severity: r.severity,
              scope: r.scope,
              scenario: r.scenario,
              title: r.title,
              requires: r.requires,
            })),
          ) + '\n',
        );
        return;
      }
      const w = Math.max(...rules.map((r) => r.id.length));
      for (const r of rules)
        stdout().write(
          `${r.id.padEnd(w)}  ${r.severity.padEnd(8)}  ${r.scope.padEnd(11)}  ${r.title.en}` + '\n',
        );
    });
}

export function addExplainCommand(program: Command): void {
  program
    .command('explain')
    .description(say('cli.cmd.explain'))
    .argument('<rule-id>', say('cli.arg.ruleId'))
    .addOption(
      new Option('--lang <lang>', say('cli.opt.langShort')).choices([...LANGS]).default('en'),
    )
    .option('--rules <dir...>', say('cli.opt.rulesShort'))
    .action(async (id: string, o: { lang: Lang; rules?: string[] }) => {
      const [{ loadRules, BUILTIN_RULES_DIR }, { conditionLines, explainRule }] = await Promise.all(
        [load.rules(), import('../engine/rule-docs.js')],
      );
      const rules = loadRules([BUILTIN_RULES_DIR, ...(o.rules ?? [])]);
      const rule = rules.find((r) => r.id === id);
      if (!rule) {
        const near = rules.filter((r) => r.id.includes(id) || id.includes(r.id)).map((r) => r.id);
        throw new UsageError(
          say('cli.err.noRule', {
            id,
            near: near.length ? say('cli.err.didYouMean', { ids: near.join(', ') }) : '',
          }),
        );
      }
      stdout().write(
        `# ${rule.id}\n\n${explainRule(rule, o.lang)}\n## ${t('cli.explain.firesWhen', o.lang)}\n\n${conditionLines(rule.conditions).join('\n')}\n\nrules/${rule.area}/${rule.id}.json\n`,
      );
    });
}
