import type { ReportView } from '../query/report-view.js';
import { buildCatalog } from './catalog.js';
import { normalize } from './normalize.js';

interface Names { units: { name: string; unit: string }[]; subjects: () => string[] }
// per loaded set of views (Library keeps one array until the next import)
const cache = new WeakMap<ReportView[], Names>();

function namesOf(views: ReportView[]): Names {
  let n = cache.get(views);
  if (!n) {
    const units = new Map<string, { name: string; unit: string }>();
    for (const v of views) for (const raw of [v.unitName, ...v.aliases]) {
      const name = normalize(raw);
      if (name.length >= 2) units.set(`${v.unitName}\u0000${name}`, { name, unit: v.unitName });
    }
    // subject names only matter once a unit name occurs in a question: built then, not for every library
    let subjects: string[] | null = null;
    const all = () => {
      if (!subjects) {
        const set = new Set<string>();
        for (const v of views) for (const e of buildCatalog(v)) if (e.name.length >= 2 && !/^\d+$/.test(e.name)) set.add(e.name);
        subjects = [...set].sort((a, b) => b.length - a.length);
      }
      return subjects;
    };
    n = { units: [...units.values()], subjects: all };
    cache.set(views, n);
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
      for (let k = 0; k < m.length && diff <= 1; k++) if (text[j + k] !== m[k]) { diff++; inSpan ||= j + k >= start && j + k < end; }
      if (diff === 0 || (diff === 1 && !inSpan && m.length >= 5)) return true;
    }
  }
  return false;
}

function spans(text: string, name: string, subjects: string[]): [number, number][] {
  const out: [number, number][] = [];
  for (let i = text.indexOf(name); i >= 0; i = text.indexOf(name, i + 1)) if (!insideSubject(text, i, i + name.length, subjects)) out.push([i, i + name.length]);
  return out;
}

/** Units the text names (by full name or alias); when several match, those named by the longest name. */
export function namedUnits(text: string, views: ReportView[]): string[] {
  const { units, subjects } = namesOf(views);
  const hits = new Map<string, number>();
  for (const { name, unit } of units) {
    if (text.includes(name) && spans(text, name, subjects()).length) hits.set(unit, Math.max(hits.get(unit) ?? 0, name.length));
  }
  const best = Math.max(0, ...hits.values());
  return [...hits].filter(([, l]) => l === best).map(([u]) => u);
}

/** The text without the unit's own names, so 上海市普陀区文化和旅游局 does not read as the subject 20701 文化和旅游. */
export function withoutUnit(text: string, unit: string, views: ReportView[]): string {
  const { units, subjects } = namesOf(views);
  const mine = units.filter((u) => u.unit === unit && text.includes(u.name)).sort((a, b) => b.name.length - a.name.length);
  let out = text;
  for (const { name } of mine) {
    const cut = spans(out, name, subjects());
    for (const [s, e] of cut.reverse()) out = out.slice(0, s) + out.slice(e);
  }
  return out;
}

/** Whether `name` occurs in the text as a unit name, not as part of a longer subject name. */
export const mentionsUnitName = (text: string, name: string, views: ReportView[]): boolean => spans(text, name, namesOf(views).subjects()).length > 0;
