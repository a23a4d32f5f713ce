// Bundles the CLI for start-up (`npm run build`, after tsc): dist/cli.js and dist/fleet-worker.js
// become esbuild ESM bundles of our own modules, with code splitting, so each `import()` of a
// command, report format or parser stays lazy (a chunk loaded when it runs) but a run no longer
// resolves and loads ~115 module files one by one (docs/benchmarks.md "Start-up"). The packages
// stay external (node_modules, as the per-module build imports them).
//
// Our modules find their files relative to where tsc puts them (`new URL('../../rules/',
// import.meta.url)`, createRequire for dist/precompiled/): every chunk is written at the top of
// dist/, and each module's `import.meta.url` is rewritten to the URL of its own tsc output
// (dist/<path>.js), so those paths resolve as before. The per-module tsc output stays in dist/
// (scripts/precompile-templates.mjs and the benches import it); only the two entries are replaced.
import { readFile, readdir, rm } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const src = fileURLToPath(new URL('../src/', import.meta.url));

/** `import.meta.url` in src/a/b.ts → the URL of dist/a/b.js, from a chunk at the top of dist/. */
const moduleUrls = {
  name: 'module-urls',
  setup(b) {
    b.onLoad({ filter: /\/src\/.*\.ts$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      if (!text.includes('import.meta.url')) return { contents: text, loader: 'ts' };
      const own = './' + relative(src, args.path).split('\\').join('/').replace(/\.ts$/, '.js');
      return {
        contents: text.replaceAll(
          'import.meta.url',
          `new URL(${JSON.stringify(own)}, import.meta.url).href`,
        ),
        loader: 'ts',
      };
    });
  },
};

// chunks of an earlier build (their names are content hashes)
for (const f of await readdir(join(root, 'dist')).catch(() => []))
  if (/^chunk-[A-Z0-9]+\.js(\.map)?$/.test(f)) await rm(join(root, 'dist', f));

await build({
  absWorkingDir: root,
  entryPoints: { cli: 'src/cli.ts', 'fleet-worker': 'src/fleet-worker.ts' },
  outdir: 'dist',
  // chunks beside the entries: one depth for every output file (see moduleUrls)
  chunkNames: 'chunk-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // CommonJS packages bundled into ESM require node's built-ins through this
  banner: {
    js: "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);",
  },
  sourcemap: true,
  // the entry keeps its shebang (src/cli.ts starts with one)
  plugins: [moduleUrls],
  logLevel: 'warning',
});
