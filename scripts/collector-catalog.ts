/**
 * Regenerates the artifact catalog block inside collectors/Collect-TlsEvidence.ps1 from
 * collectors/artifacts.json. Run after editing the catalog: `npm run collector:catalog`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { catalog } from '../src/artifacts/catalog.js';
import { renderCatalogBlock, replaceCatalogBlock } from '../src/collector/catalog-block.js';

const scriptUrl = new URL('../collectors/Collect-TlsEvidence.ps1', import.meta.url);
const before = readFileSync(scriptUrl, 'utf8');
const after = replaceCatalogBlock(before, renderCatalogBlock(catalog()));
if (after === before) {
  console.log('collector catalog block is up to date');
} else {
  writeFileSync(scriptUrl, after);
  console.log('collector catalog block regenerated from collectors/artifacts.json');
}
