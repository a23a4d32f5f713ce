/**
 * What the command line of a PowerShell certificate listing says about the private key of every
 * certificate it lists (judge7 M8): `Get-ChildItem Cert:\LocalMachine\My | Where-Object { -not
 * $_.HasPrivateKey }` prints only certificates without one, whatever columns the table shows.
 *
 * Only the exact forms are read, as the stage right after the listing: a script block that is
 * nothing but `-not $_.HasPrivateKey`, `!$_.HasPrivateKey`, `$_.HasPrivateKey -eq $false` (no
 * key) or `$_.HasPrivateKey`, `$_.HasPrivateKey -eq $true` (a key; `$PSItem` for `$_`, with or
 * without parentheses), or the same in the simplified syntax (`Where-Object HasPrivateKey -eq
 * $false`, `Where-Object -Not HasPrivateKey`). Anything else (`-and`, `-or`, another property, a
 * stage before the filter that may drop the property, e.g. `Select-Object Thumbprint`) decides
 * nothing: null.
 */

const WHERE = String.raw`(?:Where-Object|where|\?)`;
const ITEM = String.raw`\$(?:_|PSItem)\.HasPrivateKey`;
/** A condition, parentheses around it allowed: `(-not ($_.HasPrivateKey))`. */
const paren = (re: string): string => String.raw`\(*\s*${re}\s*\)*`;
const FORMS: [RegExp, boolean][] = [
  [new RegExp(String.raw`^(?:-not\s*|!\s*)${paren(ITEM)}$`, 'i'), false],
  [new RegExp(String.raw`^${paren(ITEM)}\s*-eq\s*\$false$`, 'i'), false],
  [new RegExp(String.raw`^\$false\s*-eq\s*${paren(ITEM)}$`, 'i'), false],
  [new RegExp(String.raw`^${paren(ITEM)}(?:\s*-eq\s*\$true)?$`, 'i'), true],
  [new RegExp(String.raw`^\$true\s*-eq\s*${paren(ITEM)}$`, 'i'), true],
];
const SIMPLE: [RegExp, boolean][] = [
  [new RegExp(String.raw`^${WHERE}\s+-Not\s+(?:-Property\s+)?HasPrivateKey$`, 'i'), false],
  [
    new RegExp(
      String.raw`^${WHERE}\s+(?:-Property\s+)?HasPrivateKey\s+-eq\s+(?:-Value\s+)?\$false$`,
      'i',
    ),
    false,
  ],
  [
    new RegExp(
      String.raw`^${WHERE}\s+(?:-Property\s+)?HasPrivateKey(?:\s+-eq\s+(?:-Value\s+)?\$true)?$`,
      'i',
    ),
    true,
  ],
];
const LISTING = /(?:^|[\s>])(?:Get-ChildItem|gci|ls|dir)\s[^|]*cert:/i;

/** The HasPrivateKey every listed certificate has by the command's filter, with the filter as typed. */
export function keyFilterOf(commandLine: string): { hasKey: boolean; filter: string } | null {
  if (commandLine.length > 2000) return null;
  const stages = commandLine.split('|').map((s) => s.trim());
  if (stages.length < 2 || !LISTING.test(stages[0]!)) return null;
  const stage = stages[1]!;
  const block = new RegExp(String.raw`^${WHERE}\s*(?:-FilterScript\s*)?\{\s*(.*?)\s*\}$`, 'i').exec(
    stage,
  );
  const forms = block ? FORMS : SIMPLE;
  const text = block ? block[1]! : stage;
  for (const [re, hasKey] of forms) if (re.test(text)) return { hasKey, filter: stage };
  return null;
}
