import { existsSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { openDb } from '../../db/client.js';
import { listReports, loadReport, replaceFindings } from '../../db/store.js';
import { importLimits, loadConfig } from '../config.js';
import { GENERIC_ERROR, isUserError, UserError } from '../errors.js';
import { unitByName } from '../nlu/units.js';
import { Library, ask } from '../query/ask.js';
import { renderJson } from '../render/json.js';
import { renderText } from '../render/text.js';
import { DIGEST_USAGE, runDigestCli } from '../digest/cli.js';
import { printable } from './printable.js';

const USAGE = `用法：
  npm run -s cli -- import [--partial] [--replace] [--reparse] [--unit 单位] [--json] FILE|DIR|ZIP...
      （目录递归导入其中的 PDF、文本、Word、网页、Excel 和 zip 压缩包；压缩包内的报告逐个导入）
      （已导入过的文件不再导入；--replace：已被后来文件取代的旧版本文件重新导入为当前版本；
       --reparse：已导入的当前版本按现在的解析规则重新读取并替换；
       --unit：文件中没有写单位名称时（如只称“我单位”的三公经费说明）使用的单位名称）
  npm run -s cli -- audit [--unit 单位] [--year 年度] [--json]
  npm run -s cli -- ask [--unit 单位] [--year 年度] [--json] "问题"
  npm run -s cli -- ask --jsonl   （标准输入每行一个 {"q": "...", "unit": "..."}）
  npm run -s cli -- export --unit 单位 [--year 年度] [--table 05|三公|all] [--xlsx|--csv] [-o 文件或目录] ["问题"]
      （默认导出全部决算表为 Excel，一张表一个工作表；给出问题时导出它的表格答案，如「各类支出排名」；-o - 写到标准输出）
${DIGEST_USAGE}`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      unit: { type: 'string' },
      year: { type: 'string' },
      json: { type: 'boolean' },
      jsonl: { type: 'boolean' },
      partial: { type: 'boolean' },
      replace: { type: 'boolean' },
      reparse: { type: 'boolean' },
      table: { type: 'string' },
      xlsx: { type: 'boolean' },
      csv: { type: 'boolean' },
      output: { type: 'string', short: 'o' },
    },
  });
  const config = loadConfig();
  const year = yearOption(values.year);
  const db = await openDb(config.DB_PATH);
  try {
    // each command loads only what it uses: `ask` should not wait for the importers, the audit or the exporter
    if (command === 'import') {
      const { bulkSummaryTable, collectFiles, expandFiles } = await import('./bulk-import.js');
      const { cliBatching, runSteps } = await import('../ingest/bulk.js');
      const { formatImportSummaries } = await import('./format-import.js');
      if (positionals.length === 0) {
        console.error(USAGE);
        return 2;
      }
      const files = await collectFiles(positionals);
      if (files.length === 0) {
        console.error(
          `没有找到可导入的文件（PDF、文本、Word、网页、Excel 或 zip）：${positionals.map(printable).join('、')}`,
        );
        return 1;
      }
      const tty = process.stdout.isTTY && !values.json;
      const started = Date.now();
      const opts = {
        partial: values.partial,
        unitName: values.unit,
        replace: values.replace,
        reparse: values.reparse,
        ...importLimits(config),
      };
      // a zip expands into its entries here: its files count in the progress and the summary table
      const skipped: string[] = [];
      // a folder's files are parsed in a worker while the one before is saved
      const { ParseAhead } = await import('../ingest/parse-ahead.js');
      const ahead = files.length > 1 ? new ParseAhead() : undefined;
      const steps = await expandFiles(db, files, opts, skipped, ahead);
      const bulk = steps.length > 1 || files.some((f) => /\.zip$/i.test(f));
      const rows = await runSteps(
        steps,
        (done, total, file, failures) => {
          if (!bulk || values.json) return;
          const line = `[${done}/${total}] ${file ? printable(file.split('/').pop()!) : '完成'} · ${((Date.now() - started) / 1000).toFixed(1)}s · 失败 ${failures}`;
          if (tty) process.stdout.write(`\r\x1b[K${line}${done === total ? '\n' : ''}`);
          else if (file) console.log(line);
        },
        cliBatching(db),
      ).finally(() => ahead?.close());
      for (const r of rows) {
        if (!r.ok) {
          console.error(`导入失败：${printable(r.error ?? '')}`);
          // --json: one line per report, and one per file that failed
          if (values.json)
            console.log(JSON.stringify({ file: r.file.split(/[\\/]/).pop(), status: 'failed', error: r.error }));
          continue;
        }
        if (values.json) for (const s of r.summaries ?? []) console.log(JSON.stringify(s));
        else if (!bulk) console.log(formatImportSummaries(r.summaries ?? []));
      }
      if (bulk && !values.json) console.log(bulkSummaryTable(rows));
      // files of a zip that are not reports: named, not silently dropped
      if (values.json) for (const file of skipped) console.log(JSON.stringify({ file, status: 'skipped' }));
      else if (skipped.length) {
        const shown = skipped.slice(0, 10).map(printable).join('、');
        console.log(`已跳过压缩包中 ${skipped.length} 个不是报告的文件：${shown}${skipped.length > 10 ? ' 等' : ''}`);
      }
      return rows.some((r) => !r.ok) ? 1 : 0;
    }
    if (command === 'audit') {
      const { auditReport, formatFinding } = await import('../audit/index.js');
      const { coverageLine, proseCoverage } = await import('../ingest/coverage.js');
      await checkUnit(new Library(db), values.unit);
      const metas = (await listReports(db)).filter(
        (m) =>
          (!values.unit || m.unitName === values.unit || m.aliases.includes(values.unit)) &&
          (year === null || m.year === year),
      );
      if (metas.length === 0) {
        console.error('没有符合条件的报告。');
        return 1;
      }
      const out = [];
      for (const m of metas) {
        const loaded = (await loadReport(db, m.reportId))!;
        const findings = auditReport(loaded.draft);
        await replaceFindings(db, m.reportId, findings);
        const coverage = proseCoverage(loaded.draft.facts);
        out.push({ unit: m.unitName, year: m.year, coverage, findings });
        if (!values.json) {
          console.log(
            `${m.unitName} ${m.year}年度：${findings.filter((f) => f.severity === 'finding').length} 项问题，${findings.filter((f) => f.severity === 'rounding').length} 项尾数误差`,
          );
          console.log(`  ${coverageLine(coverage)}`);
          for (const f of findings) console.log(`  ${formatFinding(f)}`);
        }
      }
      if (values.json) console.log(JSON.stringify(out));
      return 0;
    }
    if (command === 'digest') return await runDigestCli(db, config, positionals, values);
    if (command === 'export') {
      const lib = new Library(db);
      await checkUnit(lib, values.unit);
      return await runExport(lib, positionals, { ...values, year });
    }
    if (command === 'ask') {
      const lib = new Library(db);
      await checkUnit(lib, values.unit);
      if (values.jsonl) {
        const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
        let n = 0;
        for await (const line of rl) {
          n++;
          if (!line.trim()) continue;
          try {
            let req: { q?: string; unit?: string | null; year?: number | string | null };
            try {
              req = JSON.parse(line);
            } catch {
              throw new UserError('E_BAD_ARGS', '这一行不是 JSON，应为 {"q": "问题", "unit": "单位"}');
            }
            // a line's unit and year are checked as --unit and --year are
            const unit = req.unit ?? values.unit ?? null;
            if (req.unit) await checkUnit(lib, String(req.unit));
            const lineYear = req.year == null ? year : yearOption(String(req.year), '"year"');
            const answer = await ask(lib, String(req.q ?? ''), { unit, year: lineYear });
            process.stdout.write(`${JSON.stringify(renderJson(answer))}\n`);
          } catch (e) {
            if (!isUserError(e)) process.stderr.write(`${e instanceof Error ? e.stack : e}\n`);
            // one line out for each line in, saying which line failed
            const text = `第${n}行：${isUserError(e) ? e.message : GENERIC_ERROR}`;
            process.stdout.write(`${JSON.stringify({ kind: 'error', line: n, text })}\n`);
          }
        }
        return 0;
      }
      const question = positionals.join(' ');
      if (!question) {
        console.error(USAGE);
        return 2;
      }
      const answer = await ask(lib, question, { unit: values.unit ?? null, year });
      console.log(values.json ? JSON.stringify(renderJson(answer)) : renderText(answer));
      return 0;
    }
    console.error(USAGE);
    return 2;
  } finally {
    await db.close();
  }
}

/** --year (or a jsonl line's "year"): a year as 2024 (or none); anything else is said, not ignored. */
function yearOption(raw: string | undefined, name = '--year'): number | null {
  if (raw === undefined) return null;
  if (!/^\d{4}$/.test(raw.trim()))
    throw new UserError('E_BAD_ARGS', `${name}「${printable(raw)}」不是年份，应为四位数字，如 ${name} 2024`);
  return Number(raw);
}

/** --unit: a unit the store has (by name, alias or a shortening the questions accept); a stranger is named as one. */
async function checkUnit(lib: Library, unit: string | undefined): Promise<void> {
  if (!unit) return;
  const dir = await lib.directory();
  const found = unitByName(unit, dir);
  if (found && 'unit' in found) return;
  if (found)
    throw new UserError('E_BAD_ARGS', `「${printable(unit)}」对应多个单位：${found.candidates.join('、')}，请写全称。`);
  const units = dir.units;
  const known = units.length
    ? `已有单位：${units.slice(0, 10).join('、')}${units.length > 10 ? ` 等${units.length}个` : ''}。`
    : '库中还没有报告。';
  throw new UserError('E_NO_DATA', `库中没有单位「${printable(unit)}」。${known}`);
}

/** `export`: the file goes to -o (a file, a directory, or - for stdout), else under its own name here. */
async function runExport(
  lib: Library,
  positionals: string[],
  values: { unit?: string; year: number | null; table?: string; xlsx?: boolean; csv?: boolean; output?: string },
): Promise<number> {
  if (values.xlsx && values.csv) {
    console.error('--xlsx 和 --csv 只能选一个。');
    return 2;
  }
  if (values.table && positionals.length) {
    console.error('--table 和问题只能给一个。');
    return 2;
  }
  const year = values.year;
  const what = positionals.join(' ') || values.table || 'all';
  const { exportAsked } = await import('../../commands/export.js');
  const answer = await exportAsked(lib, what, values.csv ? 'csv' : 'xlsx', { unit: values.unit ?? null, year });
  if (answer.kind !== 'file') {
    console.error(renderText(answer));
    return 1;
  }
  if (values.output === '-') {
    process.stdout.write(answer.bytes);
    return 0;
  }
  const target = values.output
    ? existsSync(values.output) && statSync(values.output).isDirectory()
      ? join(values.output, answer.fileName)
      : values.output
    : answer.fileName;
  await writeFile(target, answer.bytes);
  console.log(`${answer.caption}\n已导出：${target}（${answer.bytes.length} 字节）`);
  return 0;
}

/** Runs the CLI with `argv` (the arguments after the script); sets the process's exit code. */
export async function runCli(argv: string[]): Promise<void> {
  await main(argv).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      console.error(isUserError(e) ? e.message : `出错了：${e instanceof Error ? e.message : e}`);
      if (!isUserError(e)) console.error(e instanceof Error && e.cause ? e.cause : '');
      process.exitCode = 1;
    },
  );
}
