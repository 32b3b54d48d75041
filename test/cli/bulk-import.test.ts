import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPORTS, cliAgainst, storeAt, type Run } from './harness.js';
import { openDb } from '../../db/client.js';
import { listImports } from '../../db/store.js';
import type { ImportSummary } from '../../src/ingest/import-file.js';

const FIXTURES = readdirSync(REPORTS).sort();
const UNITS = [
  '阳谷县人民政府办公室',
  '上海市普陀区财政局',
  '中共上海市普陀区委社会工作部',
  '上海市普陀区文化和旅游局',
];

const dir = mkdtempSync(join(tmpdir(), 'juesuan-bulk-'));
const DB_PATH = join(dir, 'db', 'finance.db');
const INBOX = join(dir, 'inbox');

const cli = cliAgainst(DB_PATH);

const store = () => storeAt(DB_PATH);

/** Not a PDF at all: deterministic bytes that look random, named .pdf. */
const junk = () => {
  const parts: Buffer[] = [];
  for (let i = 0; i < 128; i++) parts.push(createHash('sha256').update(`broken-${i}`).digest());
  return Buffer.concat(parts);
};

/** The summary table's row for a file (the row starts with its path below the inbox). */
const rowOf = (stdout: string, file: string) => {
  const line = stdout.split('\n').find((l) => l.startsWith(`${file} `));
  expect(line, `no table row for ${file}`).toBeDefined();
  return line!.split(/\s{2,}/).map((c) => c.trim());
};

// yanggu at the top, the 普陀 reports two folders down, the broken file first in order
const placed = FIXTURES.map((f) => (f.startsWith('putuo-') ? `putuo/2024/${f}` : f));
const ALL = ['broken.pdf', ...placed];

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('cli import DIR: every fixture report plus one broken file', () => {
  let first: Run;
  let second: Run;
  let afterFirst: Awaited<ReturnType<typeof store>>;
  beforeAll(async () => {
    mkdirSync(join(INBOX, 'putuo', '2024'), { recursive: true });
    for (const [i, f] of FIXTURES.entries()) copyFileSync(join(REPORTS, f), join(INBOX, placed[i]));
    writeFileSync(join(INBOX, 'broken.pdf'), junk());
    writeFileSync(join(INBOX, 'readme.md'), '不是报告，不导入'); // not a report extension: skipped
    first = await cli('import', INBOX);
    afterFirst = await store();
    second = await cli('import', INBOX);
  }, 240_000);

  it('exit code 1 for the one failure; plain progress lines, one per file, no terminal control codes', () => {
    expect(first.code, first.stderr).toBe(1);
    expect(first.stdout).not.toMatch(/\r|\x1b/);
    const progress = first.stdout.split('\n').filter((l) => /^\[\d+\/\d+\]/.test(l));
    expect(progress).toHaveLength(ALL.length);
    progress.forEach(
      (l, i) =>
        void expect(l).toMatch(
          new RegExp(
            `^\\[${i}/${ALL.length}\\] ${ALL[i].split('/').pop()!.replace(/\./g, '\\.')} · \\d+\\.\\ds · 失败 ${i === 0 ? 0 : 1}$`,
          ),
        ),
    );
    expect(first.stdout).not.toContain('readme.md');
  });

  it('the summary table lists every file with unit, year, status, rows and findings; the broken one with its Chinese error', () => {
    expect(first.stdout).toMatch(/^文件\s+单位\s+年度\s+状态\s+行数\s+问题\s+说明$/m);
    for (const f of placed) {
      const [file, unit, year, status, rows, findings] = rowOf(first.stdout, f);
      expect(file).toBe(f);
      expect(UNITS).toContain(unit);
      expect(year).toBe(f.includes('2020') ? '2020' : f.includes('2025') ? '2025' : '2024');
      // the PDF sorts after its .layout.txt: same unit and year, new bytes → it replaces the text
      expect(status).toBe(f.endsWith('.pdf') ? '已替换' : '已导入');
      expect(Number(rows)).toBeGreaterThan(100);
      expect(findings).toMatch(/^\d+$/);
    }
    const broken = rowOf(first.stdout, 'broken.pdf');
    expect(broken.slice(0, 4)).toEqual(['broken.pdf', '—', '—', '失败']);
    expect(broken.at(-1)).toBe('「broken.pdf」：文件不是文本或 PDF（内容像是二进制数据），无法导入。');
    expect(first.stdout).toContain(
      `共 ${ALL.length} 个文件：成功 ${placed.length}（新导入 4，替换 2，未变化 0），失败 1`,
    );
    expect(first.stderr.trim()).toBe('导入失败：「broken.pdf」：文件不是文本或 PDF（内容像是二进制数据），无法导入。');
  });

  it('the store holds the four units, one report each, and a log row for every stored file', async () => {
    expect(afterFirst.counts).toMatchObject({ units: 4, reports: 4 });
    expect(afterFirst.reports.map((r) => r.unitName).sort()).toEqual([...UNITS].sort());
    const db = await openDb(DB_PATH);
    try {
      const log = await listImports(db);
      expect(log.map((l) => l.sourceFile).sort()).toEqual([...FIXTURES].sort());
      // the superseded .layout.txt rows keep their bytes but no report
      expect(
        log
          .filter((l) => l.reportId === null)
          .map((l) => l.sourceFile)
          .sort(),
      ).toEqual(FIXTURES.filter((f) => f.endsWith('.layout.txt')));
    } finally {
      await db.close();
    }
  });

  it('a second run imports nothing new: every file unchanged, no report replaced, exit 1 only for the broken file', async () => {
    expect(second.code).toBe(1);
    for (const f of placed) {
      const [, , , status, , , note] = rowOf(second.stdout, f);
      if (f.endsWith('.layout.txt')) {
        expect(status).toBe('未变化（旧版本）');
        expect(note).toBe(`现以 ${f.split('/').pop()!.replace('.layout.txt', '.pdf')} 为准`);
      } else expect(status).toBe('未变化');
    }
    expect(second.stdout).toContain(
      `共 ${ALL.length} 个文件：成功 ${placed.length}（新导入 0，替换 0，未变化 ${placed.length}），失败 1`,
    );
    expect(second.stdout).toContain('--replace');
    expect(second.stderr.trim()).toBe('导入失败：「broken.pdf」：文件不是文本或 PDF（内容像是二进制数据），无法导入。');
    const now = await store();
    expect(now.counts).toEqual(afterFirst.counts);
    // same report ids, same importedAt: nothing was written again
    expect(now.reports).toEqual(afterFirst.reports);
  });

  it('--json: one JSON line per file, the same figures as the table, the failure as a line too', async () => {
    const run = await cli('import', '--json', INBOX);
    expect(run.code).toBe(1);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(ALL.length);
    const out = lines.map((l) => JSON.parse(l) as ImportSummary | { file: string; status: 'failed'; error: string });
    expect(out.map((s) => s.file)).toEqual(ALL.map((f) => f.split('/').pop()));
    expect(out[0]).toEqual({
      file: 'broken.pdf',
      status: 'failed',
      error: '「broken.pdf」：文件不是文本或 PDF（内容像是二进制数据），无法导入。',
    });
    for (const [i, s] of out.slice(1).entries()) {
      if (s.status === 'failed') throw new Error(`${s.file} failed`);
      expect(s.status).toBe('unchanged');
      expect(s.supersededBy).toBe(s.file.endsWith('.layout.txt') ? s.file.replace('.layout.txt', '.pdf') : null);
      // the first run's table printed these same rows and findings
      const [, unit, year, , rows, findings] = rowOf(first.stdout, placed[i]);
      expect([
        s.unitName,
        String(s.year),
        String(s.tables.reduce((n, t) => n + t.rows, 0)),
        String(s.findings.filter((f) => f.severity === 'finding').length),
      ]).toEqual([unit, year, rows, findings]);
    }
  });

  it('--replace makes a superseded file the current version again', async () => {
    const run = await cli('import', '--replace', join(INBOX, 'putuo/2024/putuo-shgzb-2024-juesuan.layout.txt'));
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe(
      'putuo-shgzb-2024-juesuan.layout.txt：已替换旧版本 — 中共上海市普陀区委社会工作部 2024年度部门决算',
    );
    const now = await store();
    expect(now.reports.find((r) => r.unitName === '中共上海市普陀区委社会工作部')?.sourceFile).toBe(
      'putuo-shgzb-2024-juesuan.layout.txt',
    );
    expect(now.counts.reports).toBe(4);
  });
});
