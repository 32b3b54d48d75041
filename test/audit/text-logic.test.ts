import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditReport } from '../../src/audit/index.js';
import { auditText } from '../../src/audit/text-logic.js';
import { extractLines } from '../../src/ingest/extract.js';
import { parseReport } from '../../src/ingest/parse-report.js';
import type { Finding, ReportDraft } from '../../src/ingest/types.js';

const more = (name: string) =>
  new Uint8Array(readFileSync(fileURLToPath(new URL(`../fixtures/more/${name}`, import.meta.url))));
async function parse(name: string): Promise<ReportDraft> {
  const ex = await extractLines({ fileName: name, bytes: more(name) });
  return parseReport(ex.lines, { format: ex.format, pageCount: ex.pageCount, fileName: name });
}

// GovBudgetChecker's hand-labelled document (corpus/DOC-20260905-001/golden.json): 上海市普陀区生态环境局 2025 决算,
// 3 defects (T1 year in the contents, T5 a direction word against 持平, T6 国内公务接待 批次/人次 not disclosed) and
// rounding hints (T2 03表 项目支出 合计 1,367.76 vs Σ类 1,367.75; T4 310 14.44 vs 14.43, 公用经费 416.36 vs 416.37).
describe('the labelled 生态环境局 2025 report: the defects the specialists found, and no false ones', () => {
  let findings: Finding[];
  beforeAll(async () => {
    findings = auditReport(await parse('putuo-sthjj-2025-juesuan.pages.txt'));
  });
  const defects = () => findings.filter((f) => f.severity === 'finding');

  it('T1: the year printed short in the contents', () => {
    expect(defects().some((f) => f.rule === 'text.year' && f.actual === '202')).toBe(true);
  });
  it('T5: 「减少为0.00万元，与2024年持平」', () => {
    expect(defects().some((f) => f.rule === 'text.direction' && f.message.includes('与 2024 年持平'))).toBe(true);
  });
  it('T6: 国内公务接待 批次 and 人次 not disclosed (only 外宾 0 批次、0 人次 is)', () => {
    expect(
      defects()
        .filter((f) => f.rule === 'text.disclosure')
        .map((f) => f.message)
        .sort(),
    ).toEqual(['情况说明中没有找到应公开的“国内公务接待人次”', '情况说明中没有找到应公开的“国内公务接待批次”']);
  });
  it('T2 and T4: the rounding hints', () => {
    const rounding = findings.filter((f) => f.severity === 'rounding').map((f) => f.message);
    expect(rounding.some((m) => m.includes('“项目支出”列：“合计”1367.76'))).toBe(true);
    expect(rounding.some((m) => m.includes('310 资本性支出”14.44'))).toBe(true);
    expect(rounding.some((m) => m.includes('公用经费合计”416.36'))).toBe(true);
  });
  it('nothing else is called a defect (the 「环境保护法规、规划及标准」 name no longer splits a sentence)', () => {
    expect(defects()).toHaveLength(4);
  });
});

describe('text rules on their own', () => {
  const draft = (sentences: string[], headings: string[] = []): ReportDraft => ({
    unitName: '测试单位（合成）',
    unitAliases: [],
    region: null,
    year: 2025,
    scope: '部门',
    kind: '决算',
    tables: [],
    missingTables: [],
    facts: [],
    pageCount: 1,
    prose: [
      ...headings.map((text) => ({ kind: 'heading' as const, text, page: 1 })),
      ...sentences.map((text) => ({ kind: 'sentence' as const, text, page: 2 })),
    ],
  });
  it.each([
    [['公务接待费支出决算减少为0.00万元，与2024年持平。'], [], 'text.direction'],
    [['年初预算为10.00万元，支出决算为12.00万元。', '决算数小于预算数的主要原因：项目调减。'], [], 'text.direction'],
    [[], ['第三部分 某局2023年度部门决算情况说明'], 'text.year'],
    [[], ['第三部分 某局 202 年度部门决算情况说明'], 'text.year'],
  ])('%j %j → %s', (sentences, headings, rule) => {
    expect(auditText(draft(sentences, headings)).map((f) => f.rule)).toContain(rule);
  });
  it.each([
    [['公务接待费支出决算0.00万元，与2024年持平。']],
    [['三公经费下降86.61%，其中：因公出国（境）费支出决算与2024年持平。']],
    [['年初预算为0万元，全年预算为321.00万元，支出决算为307.82万元。', '决算数小于预算数的主要原因：节约。']],
  ])('no finding: %j', (sentences) => {
    expect(auditText(draft(sentences))).toEqual([]);
  });
});
