/** Recognising ipconfig output (light: see TextRecognizer in shared/parse.ts). */
import { SNIFF, hitScore, type TextRecognizer } from '../shared/parse.js';
import { countMatching, sniffLines } from './text-cleanup.js';

export const TITLE = /^(Windows IP Configuration|Windows IP 配置)$/i;

export const ADAPTER_WORD = /\badapter\b|适配器/i;

export const SNIFF_ADDRESS =
  /^(?:(?:Autoconfiguration |Temporary |Link-local )?IPv[46] Address|(?:临时 |本地链接 )?IPv[46] 地址)(?:\s?\.)+\s*[:：]/i;

/** An adapter header (`Ethernet adapter Ethernet0:`): a colon at the end, no dot leaders. */
export function adapterName(line: string): string | null {
  if (!/[:：]$/.test(line) || /\.\s\./.test(line)) return null;
  const name = line.slice(0, -1).trimEnd();
  return ADAPTER_WORD.test(name) ? name : null;
}

export const ipconfigRecognizer: TextRecognizer<'net.ipconfig'> = {
  artifactId: 'net.ipconfig',
  input: 'text',
  fileName: /ipconfig/i,
  sniff: (head) => {
    const lines = sniffLines(head);
    const hits = countMatching(lines, SNIFF_ADDRESS);
    if (hits === 0) return 0;
    const framed = lines.some((l) => TITLE.test(l) || adapterName(l) !== null);
    return framed ? SNIFF.sure : hitScore(hits);
  },
};
