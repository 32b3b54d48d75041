import type { Line } from './line-types.js';
import type { TableKey } from './types.js';
import { noticeUnit, type TopicNotice } from './notice.js';
import { isTableStart, matchTitle, type TitleKey } from './table-titles.js';
import { compact, squash } from './tokens.js';

export interface FoundTable {
  title: Line;
  lines: Line[];
  before: Line[];
  label: string | null;
  printed: string;
}

export interface Sections {
  overview: Line[];
  tables: Partial<Record<TableKey, FoundTable>>;
  /** tables the report lists (table of contents) or numbers (公开NN表, 表N) */
  listed: TableKey[];
  /** label numbers printed on tables (公开07表 -> 7) that no recognised table carries */
  unreadLabels: string[];
  /** statistics tables (相关信息统计表): their lines, money unit text included */
  stats: Line[][];
  narrative: Line[];
  glossary: Line[];
  annex: Line[];
}

/** Where the 情况说明 starts: its part, its title, or its first section (收支总体情况, 一般公共预算拨款支出决算情况). */
const NARRATIVE_HEADING =
  /^第三部分|决算(?:情况|报表)说明$|^[一二三四五六七八九十]+、.{0,20}(?:决算|报表)(?:情况)?说明$|^[一二三四五六七八九十]+、(?:\d{4}年度?)?(?:部门)?(?:决算)?收(?:入)?支(?:出)?(?:决算)?总体情况|^[一二三四五六七八九十]+、(?:一般)?公共(?:财政|预算)(?:财政)?拨款支出决算情况/;
const GLOSSARY_HEADING = /^(第四部分|[一二三四五六七八九十]+、)?名词解释$|^第四部分/;
/** A heading's number with nothing after it: 「四、」, 「（一）」. */
const BARE_HEADING_NUMBER = /^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）])$/;

export function findSections(lines: Line[]): Sections {
  const titles: { key: TitleKey; index: number; label: string | null; printed: string }[] = [];
  const listed = new Set<TableKey>();
  const texts = lines.map((l) => l.text);
  lines.forEach((line, index) => {
    const m = matchTitle(line.text);
    if (!m) return;
    if (!isTableStart(texts, index)) {
      if (!titles.length && m.key !== 'stats') listed.add(m.key);
      return;
    }
    if (m.key === 'stats' || !titles.some((t) => t.key === m.key))
      titles.push({ key: m.key, index, label: m.label, printed: m.printed });
  });
  const lastTitle = titles.length ? Math.max(...titles.map((t) => t.index)) : -1;
  // a heading's number alone on its line (「四、」 then 「2017年决算收支总体情况」, a web page's copy) is read with the
  // next; a year alone there too (「四、」「2016」「年决算收支总体情况」) with the one after it
  const headingAt = (i: number) => {
    let t = compact(lines[i].text);
    if (!BARE_HEADING_NUMBER.test(t)) return t;
    for (let j = i + 1; j < Math.min(lines.length, i + 3); j++) {
      const next = compact(lines[j].text);
      t += next;
      if (!/^20\d{2}$/.test(next)) break;
    }
    return t;
  };
  const after = (from: number, re: RegExp) => {
    for (let i = from; i < lines.length; i++) if (re.test(headingAt(i))) return i;
    return -1;
  };
  const end = (i: number) => (i < 0 ? lines.length : i);
  // a table of contents lists the 说明's headings before the 说明 itself: a start whose section states no amount is an
  // entry of it when a later heading starts one that does
  let narrativeAt = after(lastTitle + 1, NARRATIVE_HEADING);
  for (let at = narrativeAt; at >= 0; at = after(at + 1, NARRATIVE_HEADING)) {
    const stop = end(after(at + 1, GLOSSARY_HEADING));
    if (lines.slice(at, stop).some((l) => /万元/.test(l.text))) {
      narrativeAt = at;
      break;
    }
  }
  const glossaryAt = after(Math.max(narrativeAt, lastTitle) + 1, GLOSSARY_HEADING);
  const annexAt = after(Math.max(glossaryAt, narrativeAt, lastTitle) + 1, /^第五部分|^附件\d*$|^附表$/);
  const narrativeEnd = Math.min(end(glossaryAt), end(annexAt));
  const tablesEnd = narrativeAt >= 0 ? narrativeAt : narrativeEnd;
  const sorted = [...titles].sort((a, b) => a.index - b.index);
  const tables: Sections['tables'] = {};
  const stats: Line[][] = [];
  const labels = new Set<string>();
  sorted.forEach((t, k) => {
    const stop = k + 1 < sorted.length ? sorted[k + 1].index : tablesEnd;
    const prevStop = k > 0 ? sorted[k - 1].index + 1 : 0;
    const before = lines.slice(Math.max(prevStop, t.index - 4), t.index);
    const body = lines.slice(t.index + 1, stop);
    const label = t.label ?? labelNear([...before, ...body.slice(0, 8)]);
    if (label) labels.add(label);
    if (t.key === 'stats') stats.push([lines[t.index], ...body]);
    else tables[t.key] = { title: lines[t.index], lines: body, before, label, printed: t.printed };
  });
  const firstTitle = sorted.length ? sorted[0].index : tablesEnd;
  return {
    overview: lines.slice(0, firstTitle),
    tables,
    listed: [...listed],
    unreadLabels: missingLabels(labels),
    stats,
    narrative: narrativeAt >= 0 ? lines.slice(narrativeAt, narrativeEnd) : [],
    glossary: glossaryAt >= 0 ? lines.slice(glossaryAt, end(annexAt)) : [],
    annex: annexAt >= 0 ? lines.slice(annexAt) : [],
  };
}

/** 公开NN表 printed just above or below the title (阳谷: 「公开 01表」 under the unit line). */
function labelNear(lines: Line[]): string | null {
  const m = /公开(\d{1,2})表/.exec(compact(lines.map((l) => l.text).join('')));
  return m ? `公开${m[1].padStart(2, '0')}表` : null;
}

/** A numbered series with a hole: 公开06表 and 公开08表 read, 公开07表 not. */
function missingLabels(labels: Set<string>): string[] {
  for (const prefix of ['公开', '表']) {
    const ns = [...labels]
      .map((l) => new RegExp(`^${prefix}(\\d+)表?$`).exec(l))
      .filter((m) => m)
      .map((m) => Number(m![1]));
    if (ns.length < 2) continue;
    const out: string[] = [];
    for (let n = 1; n < Math.max(...ns); n++)
      if (!ns.includes(n)) out.push(prefix === '公开' ? `公开${String(n).padStart(2, '0')}表` : `表${n}`);
    return out;
  }
  return [];
}

export interface Identity {
  unitName: string;
  year: number;
  scope: '部门' | '单位';
}

/** `notice`: what the file is when it is a notice of one topic (src/ingest/notice.ts topicNotice), its year and unit */
export function findIdentity(lines: Line[], notice: TopicNotice | null = null): Partial<Identity> {
  const text = lines.slice(0, 400).map((l) => squash(l.text));
  const joined = text.join('\n');
  const ys = /(20\d{2})\s*年度?\s*(部门|单位)决算/.exec(joined.replace(/\n/g, ''));
  const out: Partial<Identity> = ys ? { year: Number(ys[1]), scope: ys[2] as '部门' | '单位' } : {};
  const part = /第[一二三]部分\s*(\S+?)\s*(20\d{2})\s*年度/.exec(joined);
  const overview = /第一部分\s*(\S+?)概况/.exec(joined);
  const unitLine = text
    .map((t) => /^(?:编制)?单位[:：]\s*(\S{4,}?)(?:本级)?$/.exec(t.replace(/\s/g, '')))
    .find((m) => m && !/单位|^[万千]?元$/.test(m[1]));
  const cover = /^([\s\S]{4,60}?)\s*(20\d{2})\s*年度?\s*(部门|单位)决算/.exec(text.slice(0, 6).join(''));
  // 「第二部分」「2020年度单位决算表」 at the top of a part without a cover is no unit's name
  const coverName = cover?.[1].replace(/^第[一二三四五六七八九十]+部分\s*/, '');
  // a 决算说明 published alone (a web page): its title 「2017年度平潭县东庠乡人民政府部门决算说明」 (or 「…部门决算公开」)
  // names the unit
  // — also when a web page's copy breaks the title into lines (「2016」 / 「年度莆田市地方志编纂委员会部门决算说明」)
  const TITLE = /(20\d{2})\s*年度?\s*([^\s，。：:]{2,40}?)(?:部门|单位)?决算(?:情况)?(?:说明|公开)/;
  const titled =
    text
      .slice(0, 40)
      .map((t) => TITLE.exec(t.replace(/\s/g, '')))
      .find((m) => m) ?? TITLE.exec(text.slice(0, 40).join('').replace(/\s/g, ''));
  if (!out.year && notice) Object.assign(out, { year: notice.year, scope: '单位' as const });
  // (「2016年“三公”经费财政拨款支出决算情况说明」 names no unit: a 三公 notice's title)
  const titledName = titled && !/三公|经费|政府采购/.test(titled[2]) ? titled[2] : undefined;
  const name =
    part?.[1] ?? overview?.[1] ?? unitLine?.[1] ?? coverName ?? titledName ?? (notice ? noticeUnit(lines) : undefined);
  // 「太原市发展和改革委员会部门概况」, 「关于…2016年部门决算」: the unit is the name without 关于 and 部门/本级
  // (a heading read as a name is none: 「一、2015年部门决算公开中三公经费部分增减变化情况说明」)
  const cleaned = name
    ?.replace(/^关于/, '')
    .replace(/(本级|部门|单位)$/, '')
    .replace(/^.*(?:决算|说明|情况|经费|公开).*$/, '');
  if (cleaned && cleaned.length >= 2) out.unitName = cleaned;
  return out;
}
