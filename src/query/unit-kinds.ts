/**
 * Kinds of unit a cross-unit question may range over (普陀区哪个街道支出最多, 各镇三公经费): a unit is of a kind when its
 * name ends in it (上海市普陀区人民政府宜川路街道办事处 is a 街道). 乡镇 is either.
 */
export const UNIT_KIND_NAMES = ['街道', '乡镇', '镇', '乡', '局'] as const;
export type UnitKind = (typeof UNIT_KIND_NAMES)[number];

const ENDINGS: Record<UnitKind, RegExp> = {
  街道: /街道(办事处)?$/,
  乡镇: /[乡镇](人民政府)?$/,
  镇: /镇(人民政府)?$/,
  乡: /乡(人民政府)?$/,
  局: /局$/,
};

export const isOfKind = (unitName: string, kind: UnitKind | null | undefined): boolean =>
  !kind || ENDINGS[kind].test(unitName);

/** The kinds as a regular expression's alternatives, 乡镇 before 乡 and 镇: for the patterns that name a kind. */
export const KIND_WORDS = UNIT_KIND_NAMES.join('|');
/** The words that ask over every unit of a kind (各街道, 哪个街道, 所有镇, 哪些乡镇 …). */
export const ASKED_OVER = '(?:各|每个|所有|全部|哪个|哪些|哪家|哪一个)';
const KIND_ASKED = new RegExp(`${ASKED_OVER}(${KIND_WORDS})`);

/** The kind a question ranges over: 各街道, 哪个街道, 所有镇, 哪些乡镇 …. */
export function unitKindIn(text: string): UnitKind | null {
  const m = KIND_ASKED.exec(text);
  return m ? (m[1] as UnitKind) : null;
}
