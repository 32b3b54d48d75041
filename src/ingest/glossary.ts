import type { Line } from './line-types.js';
import { squash } from './tokens.js';
import type { ReportDraft } from './types.js';

type Term = NonNullable<ReportDraft['prose']>[number] & { kind: 'term' };

/** An entry's start: its number (一、 （一） 1. 1、) then the term and a colon. */
const ENTRY =
  /(?:^|(?<=[。；;\s]))(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|\d{1,2}[.．、](?!\d))\s*(?=[^：:。]{2,24}[：:])/g;

/**
 * The 名词解释 of a report: each entry 「（一）财政拨款收入：指本级财政当年拨付的资金。」 as 「财政拨款收入：指…」 with the
 * page it starts on, in the report's order. Lines broken by the page are joined first; an entry ends where the next
 * number starts.
 */
export function glossaryOf(lines: Line[]): Term[] {
  // the heading 「第四部分 名词解释」, on one line or two, is no entry
  const first = lines.findIndex((l) => !/^(?:第[一二三四五六七八九十]+部分)?\s*(?:名词解释)?$/.test(squash(l.text)));
  const body = first < 0 ? [] : lines.slice(first);
  let text = '';
  const pages: { at: number; page: number | null }[] = [];
  for (const l of body) {
    pages.push({ at: text.length, page: l.page });
    text += squash(l.text);
  }
  // 「十、名词解释（一）财政拨款收入：…」: the heading and the first entry on one line
  const heading =
    /^(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、)?\s*名词解释[:：]?/.exec(text)?.[0].length ?? 0;
  text = ' '.repeat(heading) + text.slice(heading);
  const pageAt = (i: number) => [...pages].reverse().find((p) => p.at <= i)?.page ?? null;
  const starts = [...text.matchAll(ENTRY)].map((m) => ({ at: m.index, from: m.index + m[0].length }));
  return starts.flatMap(({ at, from }, k) => {
    const entry = text.slice(from, starts[k + 1]?.at ?? text.length).trim();
    const colon = entry.search(/[：:]/);
    // 「十四、附表：1-1 …」 after the last entry lists the tables
    if (colon < 2 || entry.length - colon < 4 || /^附[表件]/.test(entry)) return [];
    return [{ kind: 'term' as const, text: entry, page: pageAt(at) }];
  });
}

/** A glossary entry's term and what it says of it: 「财政拨款收入：指…」 → ['财政拨款收入', '指…']. */
export function termOf(entry: string): [term: string, definition: string] {
  const colon = entry.search(/[：:]/);
  return [entry.slice(0, colon).replace(/[“”"]/g, ''), entry.slice(colon + 1)];
}
