/**
 * What mail, chat, Markdown, wikis and consoles do to command output on its way into a ticket
 * (issue 17). Tolerance tests apply each mangling to a REAL sample kept beside a parser and check
 * that the parser still reads the same records; a fixture made this way is named
 * `…-<mangling>-synthetic` (the mangling is ours, the text underneath is real).
 */

export interface Mangling {
  name: string;
  /** What a person or tool does that produces it. */
  what: string;
  apply(text: string): string;
}

const lines = (t: string): string[] => t.replace(/\r\n?/g, '\n').replace(/\n$/, '').split('\n');
const join = (l: string[]): string => l.join('\n') + '\n';

export const MANGLINGS: readonly Mangling[] = [
  {
    name: 'mail-quoted',
    what: 'a reply in a mail client: every line prefixed with "> "',
    apply: (t) => join(lines(t).map((l) => (l === '' ? '>' : `> ${l}`))),
  },
  {
    name: 'mail-quoted-twice',
    what: 'a reply to a reply: "> > " prefixes',
    apply: (t) => join(lines(t).map((l) => `> > ${l}`)),
  },
  {
    name: 'markdown-indented',
    what: 'an indented Markdown code block (four spaces)',
    apply: (t) => join(lines(t).map((l) => (l === '' ? '' : `    ${l}`))),
  },
  {
    name: 'markdown-fenced',
    what: 'a fenced Markdown code block with a language tag and a sentence before it',
    apply: (t) => `Here is the output from the server:\n\n\`\`\`text\n${join(lines(t))}\`\`\`\n`,
  },
  {
    name: 'crlf',
    what: 'the original console line endings (CRLF)',
    apply: (t) => lines(t).join('\r\n') + '\r\n',
  },
  {
    name: 'trailing-blanks',
    what: 'console copy padding every line with spaces and tabs',
    apply: (t) => join(lines(t).map((l) => `${l}   \t `)),
  },
  {
    name: 'blank-lines-doubled',
    what: 'a rich-text editor turning each line break into a paragraph',
    apply: (t) => lines(t).join('\n\n') + '\n',
  },
];

/** The manglings by name. */
export function mangling(name: string): Mangling {
  const m = MANGLINGS.find((x) => x.name === name);
  if (!m) throw new Error(`no mangling ${name}`);
  return m;
}
