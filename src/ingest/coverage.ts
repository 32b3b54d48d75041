import type { Fact } from './types.js';

export interface ProseCoverage {
  /** 项-level statements in the 情况说明 (a 项 heading or a 7-digit code with its figures) */
  items: number;
  /** of those, the ones linked to a row of the report's tables */
  linked: number;
  /** the statements not linked, as the prose names them */
  unlinked: string[];
}

const isItem = (f: Fact) =>
  f.subject.startsWith('项:') ||
  (f.subject.startsWith('科目:') && f.subject.length === 10) ||
  (f.code?.length === 7 && !f.subject.startsWith('类:'));

/** How much of the prose about 项 the tables back: one statement per run of facts about the same subject. */
export function proseCoverage(facts: Fact[]): ProseCoverage {
  const statements: Fact[] = [];
  let last: Fact | null = null;
  for (const f of facts) {
    if (f.derived) continue;
    if (isItem(f) && (!last || last.subject !== f.subject)) statements.push(f);
    last = f;
  }
  const unlinked = statements.filter((f) => !f.link || f.link === 'none');
  return {
    items: statements.length,
    linked: statements.length - unlinked.length,
    unlinked: unlinked.map((f) => f.detail ?? f.subject),
  };
}

export const coverageLine = (c: ProseCoverage): string =>
  `情况说明：${c.items}条项级说明，${c.linked}条已对应表中科目${c.unlinked.length ? `；未对应：${c.unlinked.join('、')}` : ''}`;
