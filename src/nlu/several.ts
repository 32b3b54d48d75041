import type { Subject } from '../query/query.js';
import { type Entry, entriesIn, hasName, subjectKey } from './catalog.js';
import { LIST_SEPARATOR, SUM_WORDS } from './lexicon.js';

const TOTALS = new Set(['收支总计', '本年收入合计', '本年支出合计', '财政拨款支出', '财政拨款收支总计']);

interface Span {
  at: number;
  end: number;
  name: string;
}

/** Names found in the text, longest first, none inside another; in the order written. */
export function spansOf(text: string, catalog: Entry[]): Span[] {
  const names = [...new Set(entriesIn(catalog, text).map((e) => e.name))].sort((a, b) => b.length - a.length);
  const taken: Span[] = [];
  for (const name of names) {
    for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) {
      const end = at + name.length;
      // a code is a whole number: 2020年 does not name 202
      if (/^\d+$/.test(name) && (/\d/.test(text[at - 1] ?? '') || /\d/.test(text[end] ?? ''))) continue;
      if (taken.some((t) => at < t.end && end > t.at)) continue;
      taken.push({ at, end, name });
    }
  }
  return taken.sort((a, b) => a.at - b.at);
}

/**
 * A list that writes the shared part once: 政府采购货物、工程、服务 → 政府采购货物, 政府采购工程, 政府采购服务. After a name,
 * each following word (2–6 characters, separators optional) that with the start of that name makes another name.
 */
function elided(text: string, spans: Span[], catalog: Entry[]): Span[] | null {
  for (const first of spans) {
    const run: Span[] = [first];
    let at = first.end;
    for (;;) {
      const sep = /^(、|，|,|和|与|及|以及|还有)?/.exec(text.slice(at))![0];
      let found: Span | null = null;
      for (let len = 6; len >= 2 && !found; len--) {
        const word = text.slice(at + sep.length, at + sep.length + len);
        if (word.length < len) continue;
        for (let k = first.name.length - 1; k >= 2 && !found; k--) {
          const name = first.name.slice(0, k) + word;
          if (name !== first.name && hasName(catalog, name) && !run.some((r) => r.name === name))
            found = { at: at + sep.length, end: at + sep.length + len, name };
        }
      }
      if (!found) break;
      run.push(found);
      at = found.end;
    }
    if (run.length >= 2) return run;
  }
  return null;
}

/**
 * A list that writes the shared end once: 基本、项目支出 → 基本支出, 项目支出. Before a name, each word (1–6 characters,
 * joined by separators) that with the end of that name makes another name.
 */
function elidedBefore(text: string, spans: Span[], catalog: Entry[]): Span[] | null {
  for (const last of spans) {
    const run: Span[] = [last];
    let at = last.at;
    for (;;) {
      const sep = /(、|，|,|和|与|及|跟)$/.exec(text.slice(0, at))?.[0];
      if (!sep) break;
      let found: Span | null = null;
      for (let len = 6; len >= 1 && !found; len--) {
        const start = at - sep.length - len;
        if (start < 0) continue;
        const word = text.slice(start, at - sep.length);
        for (let k = 1; k < last.name.length - 1 && !found; k++) {
          const name = word + last.name.slice(k);
          if (name !== last.name && hasName(catalog, name) && !run.some((r) => r.name === name))
            found = { at: start, end: at - sep.length, name };
        }
      }
      if (!found) break;
      run.unshift(found);
      at = found.at;
    }
    if (run.length >= 2) return run;
  }
  return null;
}

/** A count of the kinds just listed, before their shared end: 「三类」 in 货物、工程、服务三类采购. */
const COUNTED_KINDS = /(?<=[\u4e00-\u9fa5])[两二三四五六七八九十几](?:类|项|种)(?=[\u4e00-\u9fa5])/;
const LISTED = /[、，,和与及]/;
/** Two questions of a figure each in one message (三公经费多少，公务接待费多少): the first one's end and a clause break. */
const CLAUSE_GAP = /^(是|为|有)?多少(万元|钱)?[？?]?[，,；;？?](那|还有|以及)?$/;

export type Several = { kind: 'subjects'; subjects: Subject[]; sum: boolean } | { kind: 'ambiguous'; entries: Entry[] };

/**
 * Several subjects named as a list (A和B, A、B、C): the longest run of names joined by separators. Each name is resolved
 * as if asked alone; a name that fits several subjects with different figures is asked back. Null when no list is named.
 */
export function severalSubjects(
  text: string,
  catalog: Entry[],
  match: (t: string, usable: (s: Subject) => boolean) => Entry[],
  usable: (s: Subject) => boolean,
  figureOf: (s: Subject) => string | null,
): Several | null {
  const spans = spansOf(text, catalog);
  let best: Span[] = [];
  let run: Span[] = [];
  for (const span of spans) {
    const last = run[run.length - 1];
    // the rest of a word the name stops inside (公车运行|维护费和接待费) is no gap between names
    const gap = text.slice(last?.end ?? 0, span.at).replace(/^(?:维护)?(?:费用?|经费|支出)(?=[、，,和与及跟])/, '');
    // 其他卫生健康支出其他卫生健康支出: a 款 and its 项 of the same name, one subject
    if (last && gap === '' && last.name === span.name) return null;
    // 一般公共预算结转结余: a name followed by 结转 or 结余 is that one's carryover, another figure, not a list
    if (last && gap === '' && /^(结转|结余)/.test(span.name)) return null;
    // names written one after another (办公费印刷费) are a list too, unless a parent is followed by its child (below)
    run = last && (gap === '' || LIST_SEPARATOR.test(gap) || CLAUSE_GAP.test(gap)) ? [...run, span] : [span];
    if (run.length > best.length) best = run;
  }
  if (best.length < 2) best = elided(text, spans, catalog) ?? elidedBefore(text, spans, catalog) ?? best;
  if (best.length < 2) {
    // 货物、工程、服务三类采购: the shared end after a count of the kinds listed (三类, 两项) is read as 货物、工程、服务采购
    const counted = text.replace(COUNTED_KINDS, '');
    return counted !== text && LISTED.test(text) ? severalSubjects(counted, catalog, match, usable, figureOf) : null;
  }
  const subjects: Subject[] = [];
  let previous: Entry[] = [];
  for (const span of best) {
    const found = match(span.name, usable);
    if (found.length === 0) return null;
    // 住房改革支出住房公积金: a 款 followed by one of its own 项 names that 项
    const codes = (es: Entry[]) => es.flatMap((e) => (e.subject.type === 'code' ? [e.subject.code] : []));
    if (codes(previous).some((p) => codes(found).some((c) => c !== p && (c.startsWith(p) || p.startsWith(c)))))
      return null;
    previous = found;
    const values = found.map((e) => figureOf(e.subject));
    if (found.length > 1 && !values.every((v) => v !== null && v === values[0]))
      return { kind: 'ambiguous', entries: found };
    const s = found[0].subject;
    // 高等教育总支出 is 高等教育's total, not a list of 高等教育 and 本年支出合计
    if (s.type === 'agg' && TOTALS.has(s.id) && best.length === 2 && text.slice(best[0].end, best[1].at) === '')
      return null;
    if (!subjects.some((x) => subjectKey(x) === subjectKey(s))) subjects.push(s);
  }
  if (subjects.length < 2) return null;
  const outside = best.reduce((t, s) => t.replace(s.name, ''), text);
  return { kind: 'subjects', subjects, sum: SUM_WORDS.test(outside) };
}
