/**
 * Regenerates the artifact catalog block inside collectors/Collect-TlsEvidence.ps1 from
 * collectors/artifacts.json, and sets the script's collector version to the package version.
 * Also regenerates the `ArtifactId` union (src/shared/artifact-ids.ts) that PARSERS is checked
 * against. Run after editing the catalog or bumping the version: `npm run collector:catalog`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { ARTIFACT_IDS_FILE, catalog, renderArtifactIds } from '../src/artifacts/catalog.js';
import {
  renderCatalogBlock,
  replaceCatalogBlock,
  setScriptVersion,
} from '../src/collector/catalog-block.js';

const scriptUrl = new URL('../collectors/Collect-TlsEvidence.ps1', import.meta.url);
const before = readFileSync(scriptUrl, 'utf8');
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};
const after = setScriptVersion(
  replaceCatalogBlock(before, renderCatalogBlock(catalog())),
  pkg.version,
);
if (after === before) {
  console.log('collector catalog block and version are up to date');
} else {
  writeFileSync(scriptUrl, after);
  console.log('collector catalog block / version regenerated from artifacts.json / package.json');
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
