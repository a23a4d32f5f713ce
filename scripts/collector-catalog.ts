/**
 * Regenerates the artifact catalog block of the collector (its part collectors/src/10-catalog.ps1)
 * from collectors/artifacts.json, sets the script's collector version (collectors/src/00-header.ps1)
 * to the package version, and rebuilds collectors/Collect-TlsEvidence.ps1 from the parts.
 * Also regenerates the `ArtifactId` union (src/shared/artifact-ids.ts) that PARSERS is checked
 * against. Run after editing the catalog or bumping the version: `npm run collector:catalog`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { ARTIFACT_IDS_FILE, catalog, renderArtifactIds } from '../src/artifacts/catalog.js';
import {
  extractCatalogBlock,
  renderCatalogBlock,
  replaceCatalogBlock,
  scriptVersion,
  setScriptVersion,
} from '../src/collector/catalog-block.js';
import {
  COLLECTOR_PARTS_DIR,
  COLLECTOR_SCRIPT,
  joinParts,
  partNames,
  readParts,
} from '../src/collector/script-parts.js';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};
const block = renderCatalogBlock(catalog());
let blocks = 0;
let versions = 0;
let changed = false;
for (const name of partNames()) {
  const url = new URL(name, COLLECTOR_PARTS_DIR);
  const before = readFileSync(url, 'utf8');
  let after = before;
  if (extractCatalogBlock(after) !== null) {
    after = replaceCatalogBlock(after, block);
    blocks++;
  }
  if (scriptVersion(after) !== null) {
    after = setScriptVersion(after, pkg.version);
    versions++;
  }
  if (after !== before) {
    writeFileSync(url, after);
    changed = true;
  }
}
if (blocks !== 1 || versions !== 1)
  throw new Error(
    `collectors/src must hold one catalog block and one version line (found ${blocks} and ${versions})`,
  );
console.log(
  changed
    ? 'collector catalog block / version regenerated from artifacts.json / package.json'
    : 'collector catalog block and version are up to date',
);
const joined = joinParts(readParts());
if (!readFileSync(COLLECTOR_SCRIPT).equals(joined)) {
  writeFileSync(COLLECTOR_SCRIPT, joined);
  console.log('collectors/Collect-TlsEvidence.ps1 rebuilt from collectors/src/*.ps1');
}

const idsUrl = new URL(`../${ARTIFACT_IDS_FILE}`, import.meta.url);
const ids = renderArtifactIds(catalog());
let idsBefore = '';
try {
  idsBefore = readFileSync(idsUrl, 'utf8');
} catch {
  // first run
}
if (ids === idsBefore) console.log(`${ARTIFACT_IDS_FILE} is up to date`);
else {
  writeFileSync(idsUrl, ids);
  console.log(
    `${ARTIFACT_IDS_FILE} regenerated: PARSERS in src/artifacts/parsers.ts must name every id`,
  );
}
