import type { ReportView } from '../query/report-view.js';
import type { Subject } from '../query/measures.js';
import { AGG_IDS, totalRowId } from '../query/measures.js';
import {
  COUNT_WORDS,
  DROPPED_QUALIFIERS,
  PRINTED_ROW_WORDS,
  SUBJECT_WORDS,
  TOPIC_WORDS,
  VEHICLE_KIND_WORDS,
  VEHICLE_KINDS,
} from './lexicon.js';
import { ECONOMIC_SUBJECTS } from '../ingest/economic-subjects.js';
import { normalize } from './normalize.js';
import { itemsIn, type PairIndex, pairIndex } from './pair-index.js';

export interface Entry {
  name: string;
  subject: Subject;
}

/**
 * Names the question can use, from the fixed measures and from the subjects printed in the report's tables; built once
 * per view and kept on it (ReportView#memo), so that it goes when the view goes.
 */
export function buildCatalog(v: ReportView): Entry[] {
  v.memo.catalog ??= collect(v);
  return v.memo.catalog;
}

/**
 * A catalog's pair indexes, kept on the array itself under this symbol: in a WeakMap they would outlive a catalog let
 * go young until V8's next full collection, because its young-generation collections keep every WeakMap value whose
 * key died young (so each question about a report not kept in memory added its index to the old generation).
 */
const INDEX = Symbol('catalog index');
interface CatalogIndex {
  /** the catalog's first entries are AGG_ENTRIES (a report's catalog): those are indexed once for all */
  shared: boolean;
  first?: PairIndex<Entry>;
  last?: PairIndex<Entry>;
}
type Indexed = readonly Entry[] & { [INDEX]?: CatalogIndex };

// the same in every report: built once, shared by every view's catalog
export const AGG_ENTRIES: readonly Entry[] = [
  ...AGG_IDS.flatMap((id) =>
    (SUBJECT_WORDS[id] ?? [id]).map((n) => ({ name: normalize(n), subject: { type: 'agg' as const, id, name: id } })),
  ),
  ...COUNT_WORDS.flatMap((c) =>
    [c.id, ...c.words].map((n) => ({ name: normalize(n), subject: { type: 'agg' as const, id: c.id, name: c.id } })),
  ),
];

/**
 * A printed 科目's subject and entries (its name, its code, a 类's name without 支出), shared by every report that
 * prints the row alike: most 科目 recur in every report of a region, and a report in memory then holds pointers, not
 * copies (entries are never changed once made). Cleared when it grows past PRINTED_ROWS.
 */
const printedRows = new Map<string, { byName: Entry; entries: Entry[] }>();
const PRINTED_ROWS = 50_000;
function printedRow(code: string, classification: 'function' | 'economic', name: string, lei: boolean) {
  const key = `${classification}|${code}|${lei ? 1 : 0}|${name}`;
  let row = printedRows.get(key);
  if (!row) {
    if (printedRows.size >= PRINTED_ROWS) printedRows.clear();
    const subject: Subject = { type: 'code', code, classification, name };
    const n = normalize(name);
    const byName = { name: n, subject };
    const entries = [byName, { name: code, subject }];
    if (classification === 'function' && lei && n.endsWith('支出')) entries.push({ name: n.slice(0, -2), subject });
    printedRows.set(key, (row = { byName, entries }));
  }
  return row;
}

function collect(v: ReportView): Entry[] {
  const out: Entry[] & { [INDEX]?: CatalogIndex } = [...AGG_ENTRIES];
  out[INDEX] = { shared: true };
  // the entries of printed 科目 names (not codes, not everyday words)
  const printedNames = new Set<Entry>();
  const seen = new Set<string>();
  for (const key of [
    'expense',
    'general_budget_expense',
    'income',
    'gov_fund',
    'state_capital',
    'basic_expense',
  ] as const) {
    for (const r of v.tables.get(key)?.rows ?? []) {
      if (!r.code || !r.classification) continue;
      const id = `${r.classification}:${r.code}`;
      if (seen.has(id)) continue;
      seen.add(id);
      const row = printedRow(r.code, r.classification, r.name, r.level === 'lei');
      printedNames.add(row.byName);
      out.push(...row.entries);
    }
  }
  // every name given so far: a name derived below is added only when no earlier entry has it
  const names = new Set(out.map((e) => e.name));
  const add = (name: string, subject: Subject) => {
    names.add(name);
    out.push({ name, subject });
  };
  // a name without the qualifier people leave out (基本养老保险缴费支出), when it is no other 科目's name
  const shortened = new Map<string, Entry[]>();
  for (const e of out) {
    const q =
      e.subject.type === 'code'
        ? DROPPED_QUALIFIERS.find((x) => e.name.startsWith(x) && e.name.length - x.length >= 4)
        : undefined;
    if (q) shortened.set(e.name.slice(q.length), [...(shortened.get(e.name.slice(q.length)) ?? []), e]);
  }
  for (const [n, es] of shortened) if (!names.has(n)) for (const e of es) add(n, e.subject);
  // 基本养老保险缴费 for 基本养老保险缴费支出, 职业年金缴费 for 职业年金缴费支出: a 项 without the 支出 people leave out,
  // when what is left is five characters or more and no other name
  for (const e of [...out]) {
    const item = e.subject.type === 'code' && e.subject.classification === 'function' && e.subject.code.length === 7;
    const n = item && e.name.endsWith('支出') ? e.name.slice(0, -2) : '';
    if (n.length >= 5 && !names.has(n)) add(n, e.subject);
  }
  // 对个人和家庭补助 for 对个人和家庭的补助: a name said without its 的, when that is no other name
  for (const e of [...out]) {
    const n = e.subject.type === 'code' && e.name.includes('的') ? e.name.replaceAll('的', '') : '';
    if (n.length >= 4 && !names.has(n)) add(n, e.subject);
  }
  // 办公设备 for 办公设备购置: what was bought, without the word for buying
  for (const e of [...out]) {
    const n = e.subject.type === 'code' && e.name.endsWith('购置') ? e.name.slice(0, -2) : '';
    if (n.length >= 3 && !names.has(n)) add(n, e.subject);
  }
  // the other rows of the 收入支出决算总表 (捐赠收入, 使用非财政拨款结余), by their printed names
  for (const r of v.tables.get('income_expense_total')?.rows ?? []) {
    const n = normalize(r.name.replace(/^其中[:：]?/, ''));
    if (r.code || !r.side || n.length < 3 || names.has(n) || /合计|总计/.test(n)) continue;
    const subject: Subject = { type: 'agg', id: totalRowId(r.side, r.name), name: n };
    add(n, subject);
    for (const w of PRINTED_ROW_WORDS[n] ?? []) if (!names.has(w)) add(w, subject);
  }
  // the name the prose gives a 项 it links to a row (机关事业单位退休人员活动费支出 for 2080599) is a name people use too
  for (const [f, code] of v.factCode) {
    const said = f.subject.startsWith('项:')
      ? f.subject.split('/').at(-1)
      : f.subject.startsWith('科目:')
        ? f.detail
        : null;
    const entry = out.find(
      (e) => e.subject.type === 'code' && e.subject.classification === 'function' && e.subject.code === code,
    );
    const n = said ? normalize(said.replace(/[“”"]/g, '')) : '';
    if (!entry || n.length < 4 || names.has(n)) continue;
    add(n, entry.subject);
  }
  // a 科目 only the prose states, by name and code (a 说明 published without its tables): asked by either; one written
  // with its 款 (「2010601财政事务—行政运行」) by its own name too, with or without 支出 — every 科目 of that name
  const ownNames = new Map<string, Subject[]>();
  for (const [f, code] of v.factCode) {
    if (!f.subject.startsWith('科目:') || !f.detail || seen.has(`function:${code}`)) continue;
    seen.add(`function:${code}`);
    const row = printedRow(code, 'function', f.detail.replace(/[“”"]/g, ''), code.length === 3);
    for (const e of row.entries) if (!names.has(e.name)) add(e.name, e.subject);
    const own = row.byName.name.split(/[—―－]/);
    if (own.length < 2) continue;
    // 款 and 项 said together, as people say them: 财政事务行政运行, 财政事务的行政运行
    for (const joined of [own.join(''), own.join('的')]) if (!names.has(joined)) add(joined, row.byName.subject);
    const n = own.at(-1)!;
    for (const name of [n, n.endsWith('支出') ? n.slice(0, -2) : `${n}支出`])
      if (name.length >= 2) ownNames.set(name, [...(ownNames.get(name) ?? []), row.byName.subject]);
  }
  for (const [name, subjects] of ownNames)
    if (!names.has(name)) for (const subject of subjects) out.push({ name, subject });
  for (const name of ownNames.keys()) names.add(name);
  // a 项 only the prose names, without a code (「（一）行政运行（项级科目）414.98万元」 in a 说明 published alone): asked by
  // its name, with or without 支出; its figures are the prose's
  for (const f of v.facts) {
    if (!f.subject.startsWith('项:') || v.factCode.has(f) || seen.has(f.subject)) continue;
    seen.add(f.subject);
    const n = normalize(f.subject.split('/').at(-1)!.replace(/[“”"]/g, ''));
    const subject: Subject = { type: 'agg', id: f.subject, name: n };
    for (const name of [n, n.endsWith('支出') ? n.slice(0, -2) : `${n}支出`])
      if (name.length >= 2 && !names.has(name)) add(name, subject);
  }
  // an 经济分类 class only the prose states (工资福利支出10.45万元 in a 说明 published alone): asked by its name
  const printedEconomic = new Set(
    out.flatMap((e) => (e.subject.type === 'code' && e.subject.classification === 'economic' ? [e.subject.code] : [])),
  );
  for (const f of v.facts) {
    const code = /^经济:(\d{3,5})$/.exec(f.subject)?.[1];
    if (!code || printedEconomic.has(code) || seen.has(f.subject) || !ECONOMIC_SUBJECTS[code]) continue;
    seen.add(f.subject);
    const subject: Subject = { type: 'agg', id: f.subject, name: ECONOMIC_SUBJECTS[code] };
    if (!names.has(subject.name)) add(subject.name, subject);
  }
  // vehicle kinds the report states (车辆:执法执勤用车): every kind whose printed name holds the word people use
  const kinds = [
    ...new Set(v.facts.filter((f) => f.subject.startsWith('车辆:') && f.measure === 'count').map((f) => f.subject)),
  ];
  for (const word of VEHICLE_KINDS) {
    for (const id of kinds.filter((k) => k.includes(word)))
      out.push({ name: word, subject: { type: 'agg', id, name: id.slice(3) } });
  }
  for (const id of kinds) out.push({ name: id.slice(3), subject: { type: 'agg', id, name: id.slice(3) } });
  for (const [kind, words] of Object.entries(VEHICLE_KIND_WORDS)) {
    for (const id of kinds.filter((k) => k.includes(kind)))
      for (const w of words) out.push({ name: w, subject: { type: 'agg', id, name: id.slice(3) } });
  }
  // topic words (医疗, 养老支出): the printed 科目 whose names hold the topic
  // (and the 项 a 说明 alone names without a code: 住房公积金 of 「（九）住房公积金39.06万元」)
  const coded = out.filter(
    (e) =>
      (e.subject.type === 'code' && printedNames.has(e)) ||
      (e.subject.type === 'agg' && e.subject.id.startsWith('项:') && e.name === e.subject.name),
  );
  for (const t of TOPIC_WORDS) {
    let hits = coded.filter((e) => t.topics.some((topic) => e.name.includes(topic)));
    if (t.scope === 'top') {
      const fn = hits.filter((e) => e.subject.type === 'code' && e.subject.classification === 'function');
      const top = Math.min(...fn.map((e) => (e.subject.type === 'code' ? e.subject.code.length : 9)));
      hits = fn.filter((e) => e.subject.type === 'code' && e.subject.code.length === top);
    }
    for (const w of t.words) for (const e of hits) if (!names.has(w)) out.push({ name: w, subject: e.subject });
  }
  return out;
}

const firstPair = (e: Entry) => e.name.slice(0, 2);
const lastPair = (e: Entry) => e.name.slice(-2);
let aggIndex: { first: PairIndex<Entry>; last: PairIndex<Entry> } | null = null;

/**
 * The pair indexes of a catalog: by first pairs, then (with `typos`) by last pairs, each built on first use. A report's
 * catalog indexes only its own entries: AGG_ENTRIES, its first ones, are indexed once for all and come first, so what a
 * lookup finds, and in which order, is what one index over the whole catalog would give.
 */
function indexesOf(catalog: Indexed, typos: boolean): { first: PairIndex<Entry>[]; last: PairIndex<Entry>[] } {
  const ix = (catalog[INDEX] ??= { shared: false });
  const own = () => (ix.shared ? catalog.slice(AGG_ENTRIES.length) : catalog);
  ix.first ??= pairIndex(own(), firstPair);
  if (typos) ix.last ??= pairIndex(own(), lastPair);
  if (!ix.shared) return { first: [ix.first], last: ix.last ? [ix.last] : [] };
  aggIndex ??= { first: pairIndex(AGG_ENTRIES, firstPair), last: pairIndex(AGG_ENTRIES, lastPair) };
  return { first: [aggIndex.first, ix.first], last: ix.last ? [aggIndex.last, ix.last] : [] };
}

/**
 * Entries whose name may occur in the text: those whose first two characters do (or, with `typos`, first or last two).
 * In the order of the text's pairs, and for one pair in the catalog's order.
 */
export function entriesIn(catalog: readonly Entry[], text: string, typos = false): Entry[] {
  const { first, last } = indexesOf(catalog, typos);
  return itemsIn(text, ...first, ...(typos ? last : []));
}

/** Whether some entry of the catalog has exactly this name. */
export function hasName(catalog: readonly Entry[], name: string): boolean {
  const pair = name.slice(0, 2);
  return name.length >= 2 && indexesOf(catalog, false).first.some((ix) => ix.get(pair)?.some((e) => e.name === name));
}

export const subjectKey = (s: Subject): string => (s.type === 'agg' ? `agg:${s.id}` : `${s.classification}:${s.code}`);
