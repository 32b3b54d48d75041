import { beforeAll, describe, expect, it } from 'vitest';
import { AGG_ENTRIES, buildCatalog, type Entry, entriesIn, hasName } from '../../src/nlu/catalog.js';
import { itemsIn, pairIndex } from '../../src/nlu/pair-index.js';
import type { ReportView } from '../../src/query/report-view.js';
import { realDrafts, viewsOf } from '../query/real-views.js';

// A report's catalog indexes only its own entries and shares the index of AGG_ENTRIES, its first ones; what a lookup
// finds, and in which order, must be what one index over the whole catalog gives.
let views: ReportView[];
beforeAll(async () => {
  views = viewsOf(await realDrafts());
});

const wholeIndexLookup = (catalog: readonly Entry[], text: string, typos: boolean) => {
  const first = pairIndex(catalog, (e) => e.name.slice(0, 2));
  const last = pairIndex(catalog, (e) => e.name.slice(-2));
  return typos ? itemsIn(text, first, last) : itemsIn(text, first);
};

const TEXTS = [
  '三公经费执行率',
  '一般公共服务支出和教育支出同比',
  '公务用车购置及运行维护费占比',
  '机关事业单位基本养老保险缴费支出',
  '办公费、印刷费、水费',
  '信息画建设支出', // a typo: found by its last pair
  '住房公积金财政拨款收入人员经费公用经费',
];

describe('catalog lookups', () => {
  it('find what one index over the whole catalog finds, in the same order, for every real report', () => {
    for (const v of views) {
      const catalog = buildCatalog(v);
      expect(catalog.slice(0, AGG_ENTRIES.length)).toEqual(AGG_ENTRIES);
      for (const text of TEXTS)
        for (const typos of [false, true])
          expect(entriesIn(catalog, text, typos)).toStrictEqual(wholeIndexLookup(catalog, text, typos));
    }
  });

  it('are built once per view and kept on it', () => {
    const v = views[0];
    expect(buildCatalog(v)).toBe(buildCatalog(v));
    expect(v.memo.catalog).toBe(buildCatalog(v));
  });

  it('hasName is true exactly for the names of the catalog', () => {
    const catalog = buildCatalog(views[1]);
    for (const e of catalog) if (e.name.length >= 2) expect(hasName(catalog, e.name)).toBe(true);
    for (const name of ['三公经费执行', '不存在的科目名称', catalog.at(-1)!.name + '外'])
      expect(hasName(catalog, name)).toBe(false);
  });

  it('an array that is not a report catalog is indexed whole', () => {
    const names: Entry[] = [
      { name: '甲乙丙', subject: { type: 'agg', id: 'x', name: 'x' } },
      { name: '乙丙丁', subject: { type: 'agg', id: 'y', name: 'y' } },
    ];
    expect(entriesIn(names, '看看乙丙丁和甲乙丙').map((e) => e.name)).toEqual(['乙丙丁', '甲乙丙']);
    expect(entriesIn(names, '甲乙丁', true).map((e) => e.name)).toEqual(['甲乙丙']);
  });
});
