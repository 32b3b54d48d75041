import { KIND_WORDS } from '../query/unit-kinds.js';
import type { Directory } from '../query/directory.js';
import { normalize } from './normalize.js';
import { itemsIn, pairIndex } from './pair-index.js';

/**
 * A region as people say it, longest first: whole (山东省阳谷县), without its province or city (阳谷县), without its
 * level (阳谷; 平潭 for 平潭综合实验区).
 */
export function regionNames(region: string): string[] {
  const local = region.replace(/^.*?[省市](?=.{2})/, '');
  const bare = local.replace(/(?:综合)?(?:实验区|试验区|开发区|示范区|新区)$|[县区市]$/, '');
  return [...new Set([region, local, ...(bare.length >= 2 ? [bare] : [])])];
}

interface Names {
  units: { name: string; unit: string }[];
  /** each unit's names (its name and aliases, normalised) */
  namesOfUnit: (unit: string) => { name: string; unit: string }[];
  subjects: () => string[] /** each unit's full name, normalised, longest first */;
  full: { unit: string; name: string }[];
  unitsIn: (text: string) => { name: string; unit: string }[];
  fullIn: (text: string) => { unit: string; name: string }[];
}
// per directory (one until the store changes)
const cache = new WeakMap<Directory, Names>();

function namesOf(dir: Directory): Names {
  let n = cache.get(dir);
  if (!n) {
    const units = new Map<string, { name: string; unit: string }>();
    for (const v of dir.reports)
      for (const raw of [v.unitName, ...v.aliases]) {
        const name = normalize(raw);
        if (name.length >= 2) units.set(`${v.unitName}\u0000${name}`, { name, unit: v.unitName });
      }
    // subject names only matter once a unit name occurs in a question: built then, not for every directory
    let subjects: string[] | null = null;
    const all = () => {
      subjects ??= dir.names.map((e) => e.name).filter((name) => !/^\d+$/.test(name));
      return subjects;
    };
    const full = dir.units
      .map((unit) => ({ unit, name: normalize(unit) }))
      .sort((a, b) => b.name.length - a.name.length);
    const list = [...units.values()];
    const [unitIndex, fullIndex] = [
      pairIndex(list, (u) => u.name.slice(0, 2)),
      pairIndex(full, (f) => f.name.slice(0, 2)),
    ];
    let byUnit: Map<string, { name: string; unit: string }[]> | null = null;
    n = {
      units: list,
      namesOfUnit: (unit) => {
        if (!byUnit) {
          byUnit = new Map();
          for (const u of list) {
            const of = byUnit.get(u.unit);
            if (of) of.push(u);
            else byUnit.set(u.unit, [u]);
          }
        }
        return byUnit.get(unit) ?? [];
      },
      subjects: all,
      full,
      unitsIn: (text) => itemsIn(text, unitIndex),
      fullIn: (text) => itemsIn(text, fullIndex).sort((a, b) => b.name.length - a.name.length),
    };
    cache.set(dir, n);
  }
  return n;
}

/** Inside a longer subject name as printed or with one wrong character elsewhere: 政府办 in 政府办公厅（室）… is no unit. */
function insideSubject(text: string, start: number, end: number, subjects: string[]): boolean {
  for (const m of subjects) {
    if (m.length <= end - start) break;
    for (let j = Math.max(0, end - m.length); j <= start && j + m.length <= text.length; j++) {
      let diff = 0;
      let inSpan = false;
      for (let k = 0; k < m.length && diff <= 1; k++)
        if (text[j + k] !== m[k]) {
          diff++;
          inSpan ||= j + k >= start && j + k < end;
        }
      if (diff === 0 || (diff === 1 && !inSpan && m.length >= 5)) return true;
    }
  }
  return false;
}

/**
 * Where the name stands in the text as a unit's name: not inside a subject's name, and ending where a subject's name
 * begins inside it (白青乡政府性基金支出: the unit is 白青乡, the subject 政府性基金支出).
 */
function spans(text: string, name: string, subjects: string[]): [number, number][] {
  const out: [number, number][] = [];
  for (let i = text.indexOf(name); i >= 0; i = text.indexOf(name, i + 1)) {
    const end = i + name.length;
    if (insideSubject(text, i, end, subjects)) continue;
    out.push([i, subjectStartingIn(text, i + 2, end, subjects) ?? end]);
  }
  return out;
}

/** The first place in [from, end) where a subject's name starts and goes on in the text two characters past `end`. */
function subjectStartingIn(text: string, from: number, end: number, subjects: string[]): number | null {
  for (let s = from; s < end; s++) {
    const head = text.slice(s, end + 2);
    if (head.length < end - s + 2) return null;
    if (subjects.some((m) => m.startsWith(head))) return s;
  }
  return null;
}

/** Units the text names (by full name or alias); when several match, those named by the longest name. */
export function namedUnits(text: string, dir: Directory): string[] {
  const { unitsIn, subjects } = namesOf(dir);
  const hits = new Map<string, number>();
  for (const { name, unit } of unitsIn(text)) {
    if (text.includes(name) && spans(text, name, subjects()).length)
      hits.set(unit, Math.max(hits.get(unit) ?? 0, name.length));
  }
  // a region said with the name is where the unit is: 平潭财政局 is not 普陀区's 财政局
  const regions = dir.regions.filter((r) => regionNames(r).some((n) => text.includes(n)));
  if (regions.length > 0)
    for (const unit of hits.keys()) if (!regions.includes(dir.reportsOf(unit)[0]?.region ?? '')) hits.delete(unit);
  if (hits.size === 0) {
    for (const m of text.matchAll(UNIT_LIKE)) {
      const unit = abbreviated(trimmed(m[0]), dir) ?? partOfOne(trimmed(m[0]), dir);
      if (unit) hits.set(unit, m[0].length);
    }
  }
  const best = Math.max(0, ...hits.values());
  return [...hits].filter(([, l]) => l === best).map(([u]) => u);
}

/** The text without the unit's own names, so 上海市普陀区文化和旅游局 does not read as the subject 20701 文化和旅游. */
export function withoutUnit(text: string, unit: string, dir: Directory): string {
  const { namesOfUnit, subjects } = namesOf(dir);
  const mine = namesOfUnit(unit)
    .filter((u) => text.includes(u.name))
    .sort((a, b) => b.name.length - a.name.length);
  let out = text;
  for (const { name } of mine) {
    const cut = spans(out, name, subjects());
    for (const [s, e] of cut.reverse()) out = out.slice(0, s) + out.slice(e);
  }
  // a shortening of the unit's name (社工部 for 社会工作部) is no subject's word either
  if (mine.length === 0)
    for (const m of out.matchAll(UNIT_LIKE)) {
      const said = trimmed(m[0]);
      if ((abbreviated(said, dir) ?? partOfOne(said, dir)) === unit) return out.replace(said, '');
    }
  return out;
}

/** Whether `name` occurs in the text as a unit name, not as part of a longer subject name. */
export const mentionsUnitName = (text: string, name: string, dir: Directory): boolean =>
  spans(text, name, namesOf(dir).subjects()).length > 0;

// a unit's name ends in the kind of body it is: 局, 委员会, 办公室, 街道 … (not 部门, 办公费, 委托, 局部)
const UNIT_LIKE =
  /(?:[\u4e00-\u9fa5]{2,6}?(?:省|自治区|市|区|县))?[\u4e00-\u9fa5]{2,12}?(?:局(?![部面势])|委员会|委(?![托员会])|办公室|办公厅|办(?![公理法事])|厅|(?<![干全内外])部(?![门分级])|研究院|医院|法院|检察院|中心|(?<=财政|税务|派出|司法|国土|规划|卫生|研究|事务)所|街道|镇政府|人民政府|大学|学院|学校|乡(?![村镇]|社区|建设|居民)|镇(?![村]|职工|居民|社区|建设))/g;

/**
 * A unit the question names that the store does not hold (北京市财政局 when only 阳谷 is loaded): the question must not be
 * answered for the chat's default unit. Names inside a 科目 name (政府办公厅（室）及相关机构事务) are not units.
 */
export function unknownUnitIn(text: string, dir: Directory): string | null {
  const { units, subjects } = namesOf(dir);
  // a stored unit's full name is no stranger, nor any part of it (中共上海市普陀区委 in 中共上海市普陀区委社会工作部)
  let rest = text;
  for (const { name: full } of namesOf(dir).fullIn(text)) rest = rest.split(full).join('｜');
  for (const m of rest.matchAll(UNIT_LIKE)) {
    const name = trimmed(m[0]);
    // 高等学校 is the kind of the university's own tables (高等学校收支决算总表), not a unit
    if (name.length < 3 || /^(本|该|我|各|全)/.test(name) || /^高等学校/.test(name)) continue;
    // 普陀区哪个街道, 各镇: a kind of unit asked over, not a unit's name
    if (ASKED_OVER_KIND.test(name)) continue;
    if (spans(text, name, subjects()).length === 0) continue;
    // the start of a 科目's name (政府办公厅 of 政府办公厅（室）及相关机构事务) is that 科目, asked short
    // (or any part of one: 和村党支部 of 对村民委员会和村党支部的补助)
    if (subjects().some((s) => s.length > name.length && s.replace(/[（(][^）)]*[）)]/g, '').includes(name))) continue;
    // a stored unit by its name or alias, or with its own region before the alias (普陀区财政局); another region is another unit
    const known = units.some(
      (u) =>
        u.name === name || (name.endsWith(u.name) && regionOf(u.unit, dir, name.slice(0, name.length - u.name.length))),
    );
    if (!known && !abbreviated(name, dir) && !partOfOne(name, dir)) return name;
  }
  return null;
}

/** Characters many units' names share (the level of a region, the kind of body): no sign of which unit is meant. */
const GENERIC_CHARS = new Set('省市区县乡镇街道办事处人民政府委员会办公室局部厅中共'.split(''));

/**
 * Units whose own name (without its region) shares the most characters with the words said, two or more (西大 →
 * 西南大学, 地方志办公室 → 莆田市地方志编纂委员会), best first. Characters every kind of unit has (局, 委员会, 区 …) and
 * the regions' names do not count; a unit of another region than one said is not like it (北京市财政局 is no
 * 普陀区财政局).
 */
export function likeUnits(text: string, dir: Directory): string[] {
  const said = dir.regions.flatMap(regionNames).reduce((out, name) => out.split(name).join('｜'), text);
  // a province, city, district or county the store does not hold, said first (北京市财政局, 浦东新区…): no unit here
  // is like it
  if (/^[\u4e00-\u9fa5]{2,6}?[省市区县]/.test(said)) return [];
  const chars = new Set([...said].filter((c) => !GENERIC_CHARS.has(c)));
  const regionSaid = dir.regions.filter((r) => regionNames(r).some((n) => text.includes(n)));
  const scored = dir.units.flatMap((unit) => {
    const region = dir.reportsOf(unit)[0]?.region ?? '';
    // a region said that is not the unit's: another unit
    if (regionSaid.length > 0 && !regionSaid.includes(region)) return [];
    // the unit's own name without its region's (莆田市九三学社莆田市委员会 → 九三学社委员会)
    const ownName = (region ? regionNames(region) : []).reduce((out, n) => out.split(n).join(''), unit);
    const own = new Set([...ownName]);
    // what kind of body it is (大学, 医院 …) says nothing of which one: 重庆大学 is not like 西南大学
    const kind = new Set([...(/(?:大学|学院|医院|学校|中心|指挥部)$/.exec(ownName)?.[0] ?? '')]);
    const shared = [...own].filter((c) => chars.has(c));
    return shared.some((c) => !kind.has(c)) ? [{ unit, score: shared.length }] : [];
  });
  return scored
    .filter((s) => s.score >= 2)
    .sort((a, b) => b.score - a.score)
    .map((s) => s.unit);
}

/** The words a question opens with, however many (麻烦查一下, 帮我查查, 近两年): not part of a unit's name. */
const OPENING =
  /^(?:请问下|请问|请|麻烦|帮忙|帮我|给我|查询|查一下|查查|查下|查|看一下|看看|看下|看|问一下|问下|想问一下|我想知道|想知道|告诉我|一下|本单位|我们|我单位|近[一二两三四五六七八九十几\d]+年|历年|今年|去年|本年|上年|20\d{2}年度?|年度?)/;
/** 哪个, 每个 …, or 各 before a kind: words that ask over units (see unit-kinds.ts). */
const ASKED_OVER_KIND = new RegExp(`哪个|哪些|哪家|哪一个|每个|所有|全部|各(?=${KIND_WORDS})`);
const trimmed = (m: string) => {
  let out = m;
  for (let next = out.replace(OPENING, ''); next !== out; next = out.replace(OPENING, '')) out = next;
  return out;
};

/**
 * The one stored unit whose own name (without its region) holds the words as written, four characters or more
 * (三甲医院 in 平潭综合实验区三甲医院建设指挥部); null when none or several do.
 */
function partOfOne(name: string, dir: Directory): string | null {
  if (name.length < 4) return null;
  const fits = dir.units.filter((unit) => {
    const region = dir.reportsOf(unit)[0]?.region ?? '';
    return unit.slice(unit.startsWith(region) ? region.length : 0).includes(name);
  });
  return fits.length === 1 ? fits[0] : null;
}

/**
 * A stored unit named by a shortening of its own name (社工部 for 社会工作部, 石泉街道 for 石泉路街道办事处, 文化旅游局 for
 * 文化和旅游局): the name's characters in order within exactly one unit's name, the same kind of body at the end, and any
 * region before it that unit's own. A name with another region (上海市财政局 for 普陀区财政局) is not a shortening.
 */
function abbreviated(name: string, dir: Directory): string | null {
  const [, region = '', rest] = /^(.*?[省市区县](?!委))?(.+)$/.exec(name) ?? [];
  if (!rest || rest.length < 3 || /[省市区县]/.test(rest)) return null;
  const kind = /(局|委员会|委|办公室|办|厅|部|院|中心|街道|镇|乡|大学|学院|学校)$/.exec(rest)?.[1];
  const within = (full: string) => {
    let i = 0;
    for (const c of full) if (c === rest[i]) i++;
    return i === rest.length;
  };
  const fits = namesOf(dir)
    .full.filter(
      ({ unit, name: n }) => kind !== undefined && unit.replace(/办事处$|人民政府$/, '').endsWith(kind) && within(n),
    )
    .map(({ unit }) => unit);
  const own = fits.filter((u) => regionOf(u, dir, region));
  return own.length === 1 ? own[0] : null;
}

/** Whether a prefix before an alias is the unit's own region (上海市普陀区, 普陀区) or a part of its full name. */
function regionOf(unit: string, dir: Directory, prefix: string): boolean {
  if (!prefix) return true;
  const region = dir.reportsOf(unit)[0]?.region ?? '';
  return unit.includes(prefix) && (region.endsWith(prefix) || !/[省市区县]$/.test(prefix) || region === prefix);
}

/**
 * The one unit of the region the text names (阳谷县, or 阳谷 without its level; 普陀区 without 上海市), when the store
 * holds a single unit of that region; null when it names no region, several, or one with several units.
 */
export function soleUnitOfRegion(text: string, dir: Directory): string | null {
  const units = unitsOfRegion(text, dir);
  return units.length === 1 ? units[0] : null;
}

/** The units of the one region the text names, in the directory's order; empty when it names none or several. */
export function unitsOfRegion(text: string, dir: Directory): string[] {
  const named = dir.regions.filter((r) => regionNames(r).some((n) => text.includes(n)));
  return named.length === 1
    ? [...new Set(dir.reports.filter((v) => v.region === named[0]).map((v) => v.unitName))]
    : [];
}

/**
 * A unit as someone names it on its own (/unit 社工部, --unit 阳谷): by its name or an alias, a shortening or part of its
 * name, its region when the store holds one unit of it, or a part of several names — one unit, or the candidates
 * when the name fits several; null when it fits none. The one way /unit, the CLI's --unit and a chat's unit are read.
 */
export function unitByName(raw: string, dir: Directory): { unit: string } | { candidates: string[] } | null {
  const name = raw.trim();
  if (!name) return null;
  // a unit's full name (what a chat's unit is stored as); an alias may be several units' (财政局), read below
  if (dir.reportsOf(name).length > 0) return { unit: name };
  const text = normalize(name);
  // another region's unit (北京市财政局) is none of these
  if (unknownUnitIn(text, dir)) return null;
  const one = (units: string[]) =>
    units.length === 1 ? { unit: units[0] } : units.length > 1 ? { candidates: units } : null;
  return one(namedUnits(text, dir)) ?? one(unitsOfRegion(text, dir)) ?? one(dir.units.filter((u) => u.includes(name)));
}
