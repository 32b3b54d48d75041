import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDb } from '../../db/client.js';
import { importFile } from '../../src/ingest/import-file.js';
import { YANGGU, reportPath } from '../query/real-views.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'jsws-cli-'));
const dbPath = join(tmp, 'cli.db');
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

beforeAll(async () => {
  const db = await openDb(dbPath);
  await importFile(db, reportPath('yanggu-zfb-2020-juesuan.txt'));
  await db.close();
});

it('ask --jsonl: three questions in, exactly three JSON lines out, nothing else', () => {
  const input = `${[
    { q: '三公经费执行率', unit: YANGGU },
    { q: '住房公积金', unit: YANGGU },
    { q: '今天天气怎么样', unit: null },
  ]
    .map((x) => JSON.stringify(x))
    .join('\n')}\n`;
  const r = spawnSync('npx', ['tsx', 'src/cli/main.ts', 'ask', '--jsonl'], {
    cwd: ROOT,
    input,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, DB_PATH: dbPath },
  });
  expect(r.status, r.stderr).toBe(0);
  expect(r.stdout.endsWith('\n')).toBe(true);
  const lines = r.stdout.slice(0, -1).split('\n');
  expect(lines).toHaveLength(3);
  const answers = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  expect(answers.map((a) => a.kind)).toEqual(['figure', 'clarify', 'unknown']);
  expect(answers[0]).toMatchObject({ value: '89.33', unit: '%' });
  expect(JSON.stringify(answers[1].candidates)).toContain('2210201');
});

it('ask --jsonl: a line that is not JSON gets an error naming its line, and the next line is answered', () => {
  const input = `not json\n${JSON.stringify({ q: '三公经费执行率', unit: YANGGU })}\n`;
  const r = spawnSync('npx', ['tsx', 'src/cli/main.ts', 'ask', '--jsonl'], {
    cwd: ROOT,
    input,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, DB_PATH: dbPath },
  });
  expect(r.status, r.stderr).toBe(0);
  const [bad, good] = r.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  expect(bad).toMatchObject({ kind: 'error', line: 1 });
  expect(String(bad.text)).toMatch(/^第1行：这一行不是 JSON/);
  expect(good).toMatchObject({ kind: 'figure', value: '89.33' });
});

it('ask --jsonl: a line’s unit and year are checked as --unit and --year are, each error naming its line', () => {
  const input = `${[
    { q: '三公经费', unit: '不存在局' },
    { q: '三公经费', unit: YANGGU, year: 'abc' },
    { q: '三公经费执行率', unit: YANGGU, year: 2020 },
  ]
    .map((x) => JSON.stringify(x))
    .join('\n')}\n`;
  const r = spawnSync('npx', ['tsx', 'src/cli/main.ts', 'ask', '--jsonl'], {
    cwd: ROOT,
    input,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, DB_PATH: dbPath },
  });
  expect(r.status, r.stderr).toBe(0);
  const [unit, year, good] = r.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  expect(unit).toMatchObject({
    kind: 'error',
    line: 1,
    text: '第1行：库中没有单位「不存在局」。已有单位：阳谷县人民政府办公室。',
  });
  expect(year).toMatchObject({ kind: 'error', line: 2 });
  expect(String(year.text)).toMatch(/^第2行："year"「abc」不是年份/);
  expect(good).toMatchObject({ kind: 'figure', value: '89.33' });
});
