/**
 * Judge round 8 hostile-input faults (round 9, lane hM2) whose case files were lost, rebuilt as
 * synthetic variants of the judge's x20 paste (src/fixtures/judge8, README there).
 */
import { describe, expect, it } from 'vitest';
import { analyze } from './analyze.js';
import { AS_OF, fired, judgeRound } from './test-support/judge.js';

const { fixture } = judgeRound(8);

describe('judge8 x20: the error code of a localized 36870 message', () => {
  for (const file of [
    'x20-events.txt',
    'x20-synthetic-ja-fullwidth-code.txt',
    'x20-synthetic-zh-cn-decimal-code.txt',
  ])
    it(`names 0x8009030D (SEC_E_UNKNOWN_CREDENTIALS) and the key-access rule (${file})`, async () => {
      const a = await analyze([fixture(file), fixture('x06-sslcert.txt')], AS_OF);
      expect(a.facts.eventGroups.find((g) => g.eventId === 36870)).toMatchObject({
        errorCode: '0x8009030d',
        errorState: 10001,
      });
      expect(fired(a)).toContain('schannel-private-key-access-denied:critical');
      expect(fired(a).some((f) => f.startsWith('schannel-server-key-error-other'))).toBe(false);
    });
});
