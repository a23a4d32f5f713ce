// Bundles the CLI for start-up (`npm run build`, after tsc). Three outputs, all from src/ (the
// per-module tsc output stays in dist/: scripts/precompile-templates.mjs and the benches import it):
// - dist/cli.js: src/launcher.ts, the executable. It picks one of the two bundles of src/cli.ts
//   below for the command being run (docs/benchmarks.md "Start-up", round 13).
// - dist/cli-main.js and dist/fleet-worker.js: ESM bundles with code splitting, so each `import()`
//   of a command, report format or parser stays lazy (a chunk loaded when it runs) and a run does
//   not resolve and load ~115 module files one by one. The light commands (--help, rules) use it.
// - dist/cli-main.cjs: the same CLI as one CommonJS file, which the launcher compiles with V8's
//   code cache (scripts/code-cache.mjs writes the cache) for the commands that read evidence.
// Packages are bundled as esbuild finds them; what our modules load through createRequire (e.g.
// iconv-lite, ajv, the handlebars compiler) stays in node_modules.
//
// Our modules find their files relative to where tsc puts them (`new URL('../../rules/',
// import.meta.url)`, createRequire for dist/precompiled/): every bundle is written at the top of
// dist/, and each module's `import.meta.url` is rewritten to the URL of its own tsc output
// (dist/<path>.js), so those paths resolve as before.
import { readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { asciiOnly } from '../dist/shared/ascii-only.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const src = fileURLToPath(new URL('../src/', import.meta.url));

/**
 * `import.meta.url` in src/a/b.ts → the URL of dist/a/b.js, from a file at the top of dist/.
 * `edit(path, text)` may change a module's source first.
 */
const moduleUrls = (base, edit = (_, text) => text) => ({
  name: 'module-urls',
  setup(b) {
    b.onLoad({ filter: /\/src\/.*\.ts$/ }, async (args) => {
      const text = edit(args.path, await readFile(args.path, 'utf8'));
      if (!text.includes('import.meta.url')) return { contents: text, loader: 'ts' };
      const own = './' + relative(src, args.path).split('\\').join('/').replace(/\.ts$/, '.js');
      return {
        contents: text.replaceAll(
          'import.meta.url',
          `new URL(${JSON.stringify(own)}, ${base}).href`,
        ),
        loader: 'ts',
      };
    });
  },
});

/**
 * src/shared/precompiled.ts with the table of every template in dist/precompiled/ (written by
 * scripts/precompile-templates.mjs, which runs first), for the CommonJS bundle: the templates a
 * run renders are then compiled with the bundle's code cache.
 */
async function templatesTable() {
  const dir = join(root, 'dist', 'precompiled');
  const entries = [];
  for (const f of (await readdir(dir)).filter((n) => n.endsWith('.cjs')).sort()) {
    const text = await readFile(join(dir, f), 'utf8');
    const m = /^module\.exports = ([\s\S]*);\n$/m.exec(text);
    if (!m) throw new Error(`bundle: ${f} is not a precompiled template module`);
    entries.push(`${JSON.stringify(f.slice(0, -'.cjs'.length))}: () => (${m[1]})`);
  }
  if (entries.length === 0) throw new Error('bundle: dist/precompiled/ is empty');
  return `{\n${entries.join(',\n')}\n}`;
}
const table = await templatesTable();
const MARKER = '/* bundled templates */ undefined';
function withTemplates(path, text) {
  if (!path.endsWith(join('src', 'shared', 'precompiled.ts'))) return text;
  if (!text.includes(MARKER)) throw new Error(`bundle: ${MARKER} not found in ${path}`);
  return text.replace(MARKER, () => table);
}

/**
 * commander requires node:child_process when it loads, for executable subcommands (`spawn`),
 * which this CLI does not have: loading it (with net, dgram and their streams) took ~6 ms of every
 * run, `--help` included. Both bundles get it on first use instead. The build fails if commander
 * no longer has that line, rather than shipping the require unseen.
 */
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(b) {
    b.onLoad({ filter: /[\\/]commander[\\/]lib[\\/]command\.js$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      const line = "const childProcess = require('node:child_process');";
      if (!text.includes(line)) throw new Error(`bundle: ${args.path} no longer has ${line}`);
      const lazy =
        "const childProcess = { spawn: (...a) => require('node:child_process').spawn(...a) };";
      return { contents: text.replace(line, lazy), loader: 'js' };
    });
  },
};

// chunks of an earlier build (their names are content hashes)
for (const f of await readdir(join(root, 'dist')).catch(() => []))
  if (/^chunk-[A-Z0-9]+\.js(\.map)?$/.test(f)) await rm(join(root, 'dist', f));

const common = {
  absWorkingDir: root,
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
};

await build({
  ...common,
  entryPoints: { 'cli-main': 'src/cli.ts', 'fleet-worker': 'src/fleet-worker.ts' },
  // chunks beside the entries: one depth for every output file (see moduleUrls)
  chunkNames: 'chunk-[hash]',
  splitting: true,
  format: 'esm',
  // CommonJS packages bundled into ESM require node's built-ins through this
  banner: {
    js: "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);",
  },
  plugins: [lazyChildProcess, moduleUrls('import.meta.url')],
});

await build({
  ...common,
  entryPoints: { 'cli-main': 'src/cli.ts' },
  outExtension: { '.js': '.cjs' },
  format: 'cjs',
  // the launcher compiles this file with vm.Script, which has no loader for import(): the few
  // dynamic imports of packages (handlebars' runtime) become require()
  supported: { 'dynamic-import': false },
  banner: { js: "var __importMetaBase = require('node:url').pathToFileURL(__filename);" },
  plugins: [lazyChildProcess, moduleUrls('__importMetaBase', withTemplates)],
});
// Module.wrap puts the CommonJS wrapper before the first line: a shebang there is a syntax error.
// Commented out in place, so the source map's lines still match.
const cjs = join(root, 'dist', 'cli-main.cjs');
// ASCII only (src/shared/ascii-only.ts): the launcher then reads it as Latin-1.
await writeFile(cjs, asciiOnly((await readFile(cjs, 'utf8')).replace(/^#!/, '//')));

await build({
  ...common,
  entryPoints: { cli: 'src/launcher.ts' },
  format: 'esm',
  // the entry keeps its shebang (src/launcher.ts starts with one)
  plugins: [moduleUrls('import.meta.url')],
});
