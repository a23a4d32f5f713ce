/**
 * IIS Express writes the same schema as IIS to `Documents\IISExpress\config\applicationhost.config`
 * (or a solution's `.vs\<name>\config\applicationhost.config`): a developer's sites, not the
 * server's IIS. Its sites are judged by no IIS rule (src/artifacts/iis-shared-config.ts sets the
 * file aside). What tells it apart, strongest first:
 * - the file's path (`\IISExpress\config\`, `\.vs\…\config\`);
 * - the environment variables only IIS Express defines: `%IIS_USER_HOME%` (logs, aspnet.config),
 *   `%IIS_SITES_HOME%` (the default site's physical path), `%IIS_BIN%` (module DLLs);
 * - both its own application pool names (`Clr4IntegratedAppPool`, `Clr2ClassicAppPool`,
 *   `UnmanagedClassicAppPool`, …, which IIS never creates) and an https binding on a port of
 *   44300–44399 for `localhost`, the range its setup reserves with the IIS Express AppId
 *   {214124cd-d05b-4309-9af9-9caa44b2b74a}. Either one alone is left undecided.
 */
import type { IisSite } from './model.js';

export interface IisExpressSign {
  /** What says so, as written: a path, a `%VARIABLE%`, or `<pool> + <binding>`. */
  signal: string;
  /** 1-based line of the signal in the file; null for the file's path. */
  line: number | null;
}

const PATH = /[\\/](IISExpress[\\/]config|\.vs[\\/](?:[^\\/]+[\\/])*config)[\\/][^\\/]*$/i;
const VARIABLE = /%IIS_(?:USER_HOME|SITES_HOME|BIN)%/i;
const POOL = /^(?:Clr[24](?:Integrated|Classic)AppPool|UnmanagedClassicAppPool)$/i;

export function iisExpressSign(
  path: string,
  lines: readonly string[],
  sites: readonly IisSite[],
): IisExpressSign | null {
  if (PATH.test(path)) return { signal: path, line: null };
  for (const [i, l] of lines.entries()) {
    const m = VARIABLE.exec(l);
    if (m) return { signal: m[0], line: i + 1 };
  }
  const pool = sites
    .flatMap((s) => s.applications.map((a) => a.applicationPool ?? ''))
    .find((p) => POOL.test(p));
  const binding = sites
    .flatMap((s) => s.bindings)
    .find(
      (b) =>
        b.protocol === 'https' &&
        b.host === 'localhost' &&
        b.port !== null &&
        b.port >= 44300 &&
        b.port <= 44399,
    );
  if (pool && binding)
    return {
      signal: `${pool} + https ${binding.bindingInformation}`,
      line: binding.evidence.lines?.start ?? null,
    };
  return null;
}
