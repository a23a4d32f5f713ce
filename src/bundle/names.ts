import { BundleError } from './errors.js';

/**
 * Normalises an entry name to a safe relative path with forward slashes, or refuses it.
 * PowerShell 5.1's Compress-Archive writes backslashes, so `\` is a separator, not a character.
 */
export function safeEntryName(raw: string): string {
  const name = raw.replace(/\\/g, '/');
  if (name.includes('\0'))
    throw new BundleError(
      'unsafe-entry-name',
      `entry name contains a NUL byte: ${JSON.stringify(raw)}`,
      raw,
    );
  if (name.startsWith('/') || /^[a-zA-Z]:/.test(name) || name.startsWith('//')) {
    throw new BundleError(
      'unsafe-entry-name',
      `entry name is an absolute path: ${JSON.stringify(raw)}`,
      raw,
    );
  }
  const parts = name.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.some((p) => p === '..')) {
    throw new BundleError(
      'unsafe-entry-name',
      `entry name climbs out of the archive ("..") : ${JSON.stringify(raw)}`,
      raw,
    );
  }
  return parts.join('/');
}
