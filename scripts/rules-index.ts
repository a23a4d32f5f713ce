// Regenerates the rule index in rules/README.md from the rule files' metadata.
import { readFileSync, writeFileSync } from 'node:fs';
import { loadRules } from '../src/engine/load-rules.js';
import { withRulesIndex } from '../src/engine/rules-index.js';

const path = new URL('../rules/README.md', import.meta.url);
const next = withRulesIndex(readFileSync(path, 'utf8'), loadRules());
writeFileSync(path, next);
console.log('rules/README.md updated');
