// Copies the report templates next to the compiled report module (tsc copies only .ts output).
import { cpSync } from 'node:fs';

cpSync(
  new URL('../src/report/templates/', import.meta.url),
  new URL('../dist/report/templates/', import.meta.url),
  {
    recursive: true,
  },
);
