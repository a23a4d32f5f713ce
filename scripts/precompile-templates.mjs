// Precompiles the handlebars templates a run renders (the built-in rules' fix templates and their
// partials, the report pages) into dist/precompiled/, so a run needs neither the compiler nor the
// time to compile (start-up; src/shared/precompiled.ts). Runs after tsc.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadRules } from '../dist/engine/load-rules.js';
import { fixTemplatesToPrecompile } from '../dist/engine/render-fix.js';
import { pageTemplatesToPrecompile } from '../dist/report/render-html.js';
import { PRECOMPILED_DIR, precompiledFiles } from '../dist/shared/precompiled.js';

const dir = new URL(`../dist/${PRECOMPILED_DIR}/`, import.meta.url);
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const files = precompiledFiles([
  ...fixTemplatesToPrecompile(loadRules()),
  ...pageTemplatesToPrecompile(),
]);
for (const [name, source] of files) writeFileSync(new URL(name, dir), source);
