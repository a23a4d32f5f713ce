/**
 * Files given but not read, worded for the verdict: an engineer must see that the customer's
 * System.evtx was dropped, not find it only in the JSON (judge5 S6). A binary event log (.evtx)
 * gets the command that exports it in a form the analyzer reads.
 */

/** Exports the Schannel events of the System log as XML (events.schannel reads it). */
export const EVTX_EXPORT = `wevtutil qe System /q:"*[System[Provider[@Name='Schannel']]]" /f:xml > schannel-events.xml`;

interface Entry {
  path: string;
  reason: string;
  code?: string;
  params?: Record<string, string>;
}

/** The loader's entry, with the .evtx reason when the file is a binary event log. */
export function withEvtxReason<E extends Entry>(e: E): E {
  if (!/\.evtx$/i.test(e.path)) return e;
  return {
    ...e,
    code: 'evtx',
    reason: `binary Windows event log (.evtx), not read: export it as XML with ${EVTX_EXPORT} (on the server, from an elevated prompt) and analyze that file`,
    params: { command: EVTX_EXPORT },
  };
}
