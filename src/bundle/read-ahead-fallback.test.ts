/**
 * When the reader thread cannot run, the input is still read, on the caller's thread: a Worker
 * that cannot be made, or one that never starts (its isolate could not be set up: it dies
 * without a word), must not lose the capture nor hang the run.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';

import * as realThreads from 'node:worker_threads';
import { readAhead, READ_AHEAD_WAIT, workerThreads } from './read-ahead.js';

const mode = { worker: 'throws' as 'throws' | 'silent' };
class FakeWorker {
  constructor() {
    if (mode.worker === 'throws') throw new Error('ERR_WORKER_INIT_FAILED');
  }
  unref(): void {}
  on(): this {
    return this;
  }
  terminate(): Promise<number> {
    return Promise.resolve(0);
  }
}
const realLoad = workerThreads.load;
workerThreads.load = () =>
  ({ ...realThreads, Worker: FakeWorker }) as unknown as typeof import('node:worker_threads');
afterAll(() => {
  workerThreads.load = realLoad;
});
const job = { kind: 'range', path: '/nonexistent', start: 0, length: null } as const;
const fallback = function* (): Iterable<Buffer> {
  yield Buffer.from('read on this thread');
};
afterEach(() => {
  READ_AHEAD_WAIT.startMs = 20_000;
});

describe('readAhead without a reader thread', () => {
  it('reads on this thread when no worker can be made', () => {
    mode.worker = 'throws';
    const got = [...readAhead(job, 1024, (w) => new Error(w), fallback)].map(String);
    expect(got).toEqual(['read on this thread']);
  });

  it('reads on this thread when the worker never starts', () => {
    mode.worker = 'silent';
    READ_AHEAD_WAIT.startMs = 300;
    const t0 = Date.now();
    const got = [...readAhead(job, 1024, (w) => new Error(w), fallback)].map(String);
    expect(got).toEqual(['read on this thread']);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(300);
  });
});
