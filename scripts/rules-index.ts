// Regenerates the rule index in rules/README.md and the per-rule pages in docs/rules/ from the
// rule files' metadata (both are checked by tests).
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadRules } from '../src/engine/load-rules.js';
import { ruleDocFiles } from '../src/engine/rule-docs.js';
import { withRulesIndex } from '../src/engine/rules-index.js';

const rules = loadRules();
const path = new URL('../rules/README.md', import.meta.url);
writeFileSync(path, withRulesIndex(readFileSync(path, 'utf8'), rules));
console.log('rules/README.md updated');

const docs = new URL('../docs/rules/', import.meta.url);
mkdirSync(docs, { recursive: true });
const files = ruleDocFiles(rules);
for (const name of readdirSync(docs))
  if (name.endsWith('.md') && !files.has(name)) rmSync(new URL(name, docs));
for (const [name, content] of files) writeFileSync(new URL(name, docs), content);
console.log(`docs/rules/: ${files.size} pages`);
