/**
 * Progress of reading a bundle: wraps its files so that bytes handed to parsers are counted, which
 * lets one large capture or event log move a progress bar. Only cli.ts draws anything.
 */
import type { ChunkOptions } from '../shared/parse.js';
import type { Bundle } from './open.js';

export interface Progress {
  phase: 'read' | 'facts' | 'rules' | 'done';
  done: number;
  total: number;
  /** The file being parsed (read phase). */
  detail?: string;
}

/**
 * Reports each file as its parser reads it; the parsers do not know about it. A file counts with
 * the bytes streamed so far (a large capture moves the bar while it is read) or whole once read.
 */
export function withProgress(bundle: Bundle, onProgress: (p: Progress) => void): Bundle {
  const total = bundle.files.reduce((n, f) => n + f.size, 0);
  const counted = new Map<string, number>();
  let done = 0;
  const count = (path: string, bytes: number): void => {
    const before = counted.get(path) ?? 0;
    if (bytes <= before) return;
    counted.set(path, bytes);
    done += bytes - before;
    onProgress({ phase: 'read', done: Math.min(done, total), total, detail: path });
  };
  return {
    ...bundle,
    files: bundle.files.map((f) => ({
      path: f.path,
      size: f.size,
      read: () => {
        const b = f.read();
        count(f.path, f.size);
        return b;
      },
      *chunks(chunkSize?: number, options?: ChunkOptions) {
        let n = 0;
        for (const c of f.chunks(chunkSize, options)) {
          n += c.length;
          count(f.path, Math.min(n, f.size));
          yield c;
        }
      },
    })),
  };
}
