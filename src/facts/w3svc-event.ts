/**
 * IIS World Wide Web Publishing Service (W3SVC) events of the System log, read from
 * `events.httpevent`, that say a site's URL prefix could not be registered with HTTP.sys:
 *
 * - 1007 "The World Wide Web Publishing Service (WWW Service) did not register the URL prefix %1
 *   for site %2. The necessary network binding may already be in use. The site has been disabled.
 *   The data field contains the error number." (IIS 7 and later, provider
 *   Microsoft-Windows-IIS-W3SVC, 0xC00003EF; IIS 6 wrote "Cannot register the URL prefix '%1' for
 *   site '%2'. … The site has been deactivated.", source W3SVC).
 * - 1004 the same without the binding sentence, 1003 with "The URL may be invalid."
 *
 * Texts: the provider's message table (libyal/winevt-kb, scheatkode/brain event-log lists) and
 * Microsoft TechNet "WWW Service-Related Events" (cc737524). %1 is the prefix (`https://*:443/`),
 * %2 the site id; the data field is the error number as 4 bytes little-endian (a real IIS 6 copy:
 * `0000: b7 00 07 80` = 0x800700B7, ERROR_ALREADY_EXISTS, the prefix is registered already).
 * The manifest names of the two values are not known from a real XML copy, so they are read by
 * position (wevtutil and Event Viewer keep the order).
 *
 * A disabled site stays Stopped until someone starts it: appcmd's state now tells whether the
 * event still matters, so each group is joined to its site by id.
 */
import type { EventDigest } from '../parsers/event-xml.js';
import type { EventGroupEntity, SiteEntity } from './model.js';
import type { Patch, View } from './patch.js';

/** W3SVC event ids of a URL prefix HTTP.sys did not register (the site was disabled). */
export const W3SVC_URL_EVENTS: Readonly<Record<number, string>> = {
  1003: 'The WWW Service did not register the URL prefix %1 for site %2. The URL may be invalid. The site has been disabled.',
  1004: 'The WWW Service did not register the URL prefix %1 for site %2. The site has been disabled.',
  1007: 'The WWW Service did not register the URL prefix %1 for site %2. The necessary network binding may already be in use. The site has been disabled.',
};

/** Other W3SVC / WAS events worth naming in the report (no rule reads them). */
export const IIS_EVENTS: Readonly<Record<string, Readonly<Record<number, string>>>> = {
  w3svc: {
    ...W3SVC_URL_EVENTS,
    1043: 'The virtual site %1 is invalid because the WWW Service could not configure valid site bindings or no site bindings exist for the site.',
  },
  was: {
    5043: 'The virtual site %1 is invalid because valid site bindings could not be configured or no site bindings exist for the site.',
  },
};

/**
 * Win32 errors (as HRESULT) W3SVC is seen to log with these events; names and texts of winerror.h.
 * 183 is also what .NET HttpListener reports when a prefix "conflicts with an existing registration".
 */
const WIN32_ERRORS: Readonly<Record<string, { name: string; meaning: string }>> = {
  '0x800700b7': {
    name: 'ERROR_ALREADY_EXISTS',
    meaning:
      'Cannot create a file when that file already exists: another site or program has registered this URL prefix with HTTP.sys.',
  },
  '0x80070020': {
    name: 'ERROR_SHARING_VIOLATION',
    meaning: 'The process cannot access the file because it is being used by another process.',
  },
  '0x80070005': { name: 'E_ACCESSDENIED', meaning: 'Access is denied.' },
  '0x80070057': { name: 'E_INVALIDARG', meaning: 'The parameter is incorrect.' },
};

export function iisEventSource(provider: string): 'w3svc' | 'was' | null {
  const p = provider.toLowerCase();
  if (p === 'microsoft-windows-iis-w3svc' || p === 'w3svc') return 'w3svc';
  if (p === 'microsoft-windows-was' || p === 'was') return 'was';
  return null;
}

const PREFIX = /^(https?):\/\/([^/\s]+):(\d{1,5})(\/\S*)?$/i;
/** Both wordings: `URL prefix https://*:443/ for site 2.` and `URL prefix 'https://*:443/' for site '2'.` */
const MESSAGE = /URL prefix '?([a-z]{3,5}:\/\/[^\s']{1,2000})'? for site '?(\d{1,10})'?/i;
/** Event Viewer's text copy of the data field: `0000: b7 00 07 80 ·..€` after `Data:`. */
const TEXT_DATA =
  /^Data:\s*\r?\n\s*0000:\s+([0-9a-f]{2}) ([0-9a-f]{2}) ([0-9a-f]{2}) ([0-9a-f]{2})\b/im;

const unquote = (v: string): string => v.trim().replace(/^'(.*)'$/, '$1');

function textData(excerpt: string | undefined): string | undefined {
  const m = TEXT_DATA.exec(excerpt ?? '');
  return m ? m.slice(1, 5).join('').toUpperCase() : undefined;
}

/** The error number of the data field: 4 bytes little-endian, as `0x` + 8 hex digits. */
function dataError(hex: string | undefined): string | null {
  if (hex === undefined || !/^[0-9A-F]{8}$/i.test(hex)) return null;
  const b = hex.match(/../g)!.reverse().join('');
  return b === '00000000' ? null : '0x' + b.toLowerCase();
}

/** What decode (src/facts/event-group.ts) sets for an IIS event; empty for other events. */
export function iisEventFields(
  d: EventDigest,
): Partial<
  Pick<
    EventGroupEntity,
    | 'eventMeaning'
    | 'errorCode'
    | 'errorName'
    | 'errorMeaning'
    | 'urlRegistrationFailed'
    | 'urlPrefix'
    | 'urlPrefixScheme'
    | 'urlPort'
    | 'siteId'
  >
> {
  const source = iisEventSource(d.provider);
  if (source === null) return {};
  const meaning = IIS_EVENTS[source]?.[d.eventId] ?? null;
  if (source !== 'w3svc' || !(d.eventId in W3SVC_URL_EVENTS)) return { eventMeaning: meaning };
  // Pasted text (Event Viewer's copy) has no insertion strings: read them from the message.
  const said = MESSAGE.exec((d.samples[0]?.message ?? '').replace(/\s+/g, ' '));
  const rawPrefix = unquote(d.data.positional[0] ?? said?.[1] ?? '');
  const rawSite = unquote(d.data.positional[1] ?? said?.[2] ?? '');
  const m = PREFIX.exec(rawPrefix);
  const port = m ? Number(m[3]) : null;
  const code = dataError(
    d.data.binary ?? d.samples[0]?.data.binary ?? textData(d.samples[0]?.evidence.excerpt),
  );
  const err = code ? WIN32_ERRORS[code] : undefined;
  return {
    eventMeaning: meaning,
    errorCode: code,
    errorName: err?.name ?? null,
    errorMeaning: err?.meaning ?? null,
    urlRegistrationFailed: true,
    urlPrefix: rawPrefix === '' ? null : rawPrefix,
    urlPrefixScheme: m ? (m[1]!.toLowerCase() as 'http' | 'https') : null,
    urlPort: port !== null && port > 0 && port < 65536 ? port : null,
    siteId: /^\d{1,10}$/.test(rawSite) ? Number(rawSite) : null,
  };
}

/**
 * Joins each URL-registration group to its IIS site by id: the site's name (also as `iisSites`,
 * the key its iis-https-site-stopped finding shares), its appcmd state now and its https bindings.
 */
export function linkW3svcEvents(
  groups: readonly View<EventGroupEntity>[],
  sites: readonly View<SiteEntity>[],
): Patch<EventGroupEntity, 'siteName' | 'siteState' | 'siteHttpsBindingCount' | 'iisSites'>[] {
  const out: Patch<
    EventGroupEntity,
    'siteName' | 'siteState' | 'siteHttpsBindingCount' | 'iisSites'
  >[] = [];
  groups.forEach((g, at) => {
    if (g.urlRegistrationFailed !== true) return;
    const site = g.siteId === null ? undefined : sites.find((s) => s.id === g.siteId);
    out.push({
      at,
      set: site
        ? {
            siteName: site.name,
            siteState: site.state,
            siteHttpsBindingCount: site.httpsBindingCount,
            iisSites: [site.name],
          }
        : { siteName: null, siteState: null, siteHttpsBindingCount: null },
    });
  });
  return out;
}
