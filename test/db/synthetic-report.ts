import type { Finding, ReportDraft } from '../../src/ingest/types.js';

// SYNTHETIC: invented unit and figures for storage tests only; not taken from any published report.
export const syntheticDraft = (over: Partial<ReportDraft> = {}): ReportDraft => ({
  unitName: '合成市测试局',
  unitAliases: ['测试局', '合成测试局'],
  region: '合成市',
  year: 2023,
  scope: '部门',
  kind: '决算',
  tables: [
    {
      key: 'income_expense_total',
      title: '收入支出决算总表',
      label: '公开01表',
      page: 5,
      columns: [
        { key: 'amount', title: '决算数' },
        { key: 'budget', title: '年初预算数' },
      ],
      empty: false,
      rows: [
        {
          seq: 0,
          code: null,
          classification: null,
          name: '一、一般公共预算财政拨款收入',
          level: 'item',
          side: 'income',
          values: { amount: '2940.05', budget: '3000.00' },
          page: 5,
        },
        {
          seq: 1,
          code: '201',
          classification: 'function',
          name: '一般公共服务支出',
          level: 'lei',
          side: 'expense',
          values: { amount: '0.10' },
          page: 5,
        },
        {
          seq: 2,
          code: '2010301',
          classification: 'function',
          name: '行政运行',
          level: 'xiang',
          side: 'expense',
          values: { amount: '-1.20', budget: '0' },
          page: null,
        },
        { seq: 3, code: null, classification: null, name: '收入总计', level: 'total', side: null, values: {}, page: 5 },
      ],
      notes: ['第2行空白单元格按列位置补齐'],
    },
    {
      key: 'gov_fund',
      title: '政府性基金预算财政拨款收入支出决算表',
      label: null,
      page: null,
      columns: [{ key: 'amount', title: '决算数' }],
      empty: true,
      rows: [],
      notes: [],
    },
  ],
  missingTables: ['state_capital'],
  facts: [
    {
      subject: '收支总计',
      measure: 'final',
      value: '2940.05',
      unit: '万元',
      derived: false,
      detail: null,
      sentence: '收支总计2940.05万元。',
      page: 8,
    },
    {
      subject: '公务接待费',
      measure: 'yoy_rate',
      value: '0.10',
      unit: '%',
      derived: true,
      detail: '国内接待',
      sentence: '公务接待费同比增长0.10%。',
      page: null,
    },
  ],
  pageCount: 24,
  ...over,
});

export const syntheticFindings = (): Finding[] => [
  {
    rule: 'total_equals_sum',
    severity: 'rounding',
    message: '尾数误差',
    expected: '2940.05',
    actual: '2940.04',
    location: '公开01表 收入总计',
  },
  {
    rule: 'table_present',
    severity: 'finding',
    message: '缺少国有资本经营预算表',
    expected: null,
    actual: null,
    location: '公开09表',
  },
];

/** Rows a saved draft adds to each content table. */
export const expectedContentCounts = (d: ReportDraft, findings: Finding[]) => ({
  reports: 1,
  reportTables: d.tables.length,
  tableRows: d.tables.reduce((n, t) => n + t.rows.length, 0),
  cells: d.tables.reduce((n, t) => n + t.rows.reduce((m, r) => m + Object.keys(r.values).length, 0), 0),
  facts: d.facts.length,
  findings: findings.length,
});
