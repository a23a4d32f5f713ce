/**
 * A bundle whose manifest.json is there but cannot be read (cut short, not JSON: judge14 S3). The
 * files are still read by their content, but what only the manifest says is lost: the host name,
 * the OS build and — unless --as-of gives it — the collection time, so certificate dates are not
 * judged against it. The verdict says so, never the all-clear alone, and the fleet row too.
 */
import type { Lang } from '../engine/rule.js';
import type { Facts } from '../facts/model.js';
import { tAny } from './i18n.js';

/** The manifest issue that means the file is there but nothing of it was read. */
export const MANIFEST_UNREAD = 'manifest-invalid-json';

/** Whether the bundle's manifest issues say its manifest.json could not be read. */
export const manifestUnread = (issues: readonly { code: string }[]): boolean =>
  issues.some((i) => i.code === MANIFEST_UNREAD);

/** The verdict's words for an unreadable manifest.json (null when it was read or absent). */
export function manifestUnreadText(
  issues: readonly { code: string }[],
  host: Facts['host'],
  lang: Lang,
): string | null {
  if (!manifestUnread(issues)) return null;
  // With --as-of the dates are judged against the day given; without it they are not judged.
  return tAny(host.collectedAt ? 'verdict.manifestUnreadAsOf' : 'verdict.manifestUnread', lang);
}
