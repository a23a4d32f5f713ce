// Every test file starts with all parsers imported (src/artifacts/parsers.ts loads them lazily
// per artifact id for a run; tests call loadBundle and read PARSERS directly).
import { loadParsers } from '../artifacts/parsers.js';

await loadParsers('all');
