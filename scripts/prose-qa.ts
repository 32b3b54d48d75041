/**
 * Measure: questions about the 项 figures a report's own prose states (test/query/prose-questions.ts), on any reports.
 * usage: tsx scripts/prose-qa.ts FILE... [--show]
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { extractLines } from '../src/ingest/extract.js';
import { parseReport } from '../src/ingest/parse-report.js';
import { buildView } from '../src/query/report-view.js';
import { proseQuestions } from '../test/query/prose-questions.js';

const show = process.argv.includes('--show');
let [total, good] = [0, 0];
for (const file of process.argv.slice(2).filter((a) => !a.startsWith('--'))) {
  const ex = await extractLines({ fileName: basename(file), bytes: new Uint8Array(readFileSync(file)) });
  const draft = parseReport(ex.lines, {
    format: ex.format,
    pageCount: ex.pageCount,
    fileName: basename(file),
    partial: true,
    source: ex.source,
  });
  const view = buildView({
    meta: {
      reportId: 1,
      unitId: 1,
      unitName: draft.unitName,
      aliases: draft.unitAliases,
      year: draft.year,
      region: draft.region,
    } as never,
    draft,
    findings: [],
  });
  const qs = proseQuestions(view);
  const ok = qs.filter((x) => x.ok).length;
  if (show)
    for (const x of qs.filter((y) => !y.ok))
      console.log(
        `  MISS ${x.q} expect ${x.expect.join('|')} got ${x.got.kind} ${x.got.value ?? ''} | ${x.got.text.split('\n')[0].slice(0, 120)}`,
      );
  console.log(`${basename(file)}: ${ok}/${qs.length}`);
  total += qs.length;
  good += ok;
}
console.log(`prose questions: ${good}/${total}`);
