/**
 * A command output pasted into an HTML mail and saved as .htm (judge9 M6): `&nbsp;` for every
 * space, `<br>` for every line end, the text inside `<html><body><pre>`. No parser reads that, so
 * a text that is clearly an HTML body is turned back into its text (tags removed, line breaks
 * restored, entities decoded) before sniffing and parsing, with an info issue. XML artifacts
 * (applicationHost.config, event XML) never start with an HTML element and are left alone.
 */
import { issue, type ParseIssue } from '../shared/parse.js';

/** An HTML document or mail body: its first element is an HTML one, or it is full of `<br>` and `&nbsp;`. */
const HTML_START = /^\s*(?:<!doctype html|<html\b|<body\b|<div\b|<p\b|<pre\b|<span\b|<table\b)/i;
const BR = /<br\s*\/?>/gi;
const NBSP = /&nbsp;/gi;

export function looksLikeHtmlMail(text: string): boolean {
  const head = text.slice(0, 8192);
  if (HTML_START.test(head.replace(/^\uFEFF/, ''))) return true;
  return (head.match(BR)?.length ?? 0) >= 3 && (head.match(NBSP)?.length ?? 0) >= 3;
}

const ENTITIES: Readonly<Record<string, string>> = {
  nbsp: ' ',
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
};

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,6});/gi, (m, e: string) => {
    if (e[0] === '#') {
      const n = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return n > 0 && n <= 0x10ffff && (n < 0xd800 || n > 0xdfff) ? String.fromCodePoint(n) : m;
    }
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

/** The text of an HTML mail body; `text` unchanged (and no issue) when it is not one. */
export function unHtml(text: string): { text: string; issues: ParseIssue[] } {
  if (!looksLikeHtmlMail(text)) return { text, issues: [] };
  // Linear on any input: no pattern here scans past a bounded run (a `<style>` block's text
  // stays, as lines no parser reads).
  const out = decodeEntities(
    text
      // A line break element ends the line (once: `<br>` already followed by a newline keeps it).
      .replace(/<br\s*\/?>\r?\n?|<\/(?:p|div|tr|li|h[1-6])\s*>\r?\n?/gi, '\n')
      .replace(/<[^<>]{0,2000}>/g, ''),
  );
  return {
    text: out,
    issues: [
      issue(
        'html-mail',
        'an HTML mail body: its tags were removed and its entities (&nbsp;) decoded before reading; line numbers count the text without tags. Next time save the mail as plain text or attach the command output as a file',
        {},
        'info',
      ),
    ],
  };
}
