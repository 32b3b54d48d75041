import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { extractLines } from '../src/ingest/extract.js';
import { parseReport } from '../src/ingest/parse-report.js';
import { buildView } from '../src/query/report-view.js';
import { answerFromViews } from '../src/query/ask.js';
import { renderJson } from '../src/render/json.js';

const gold = process.argv[2];
const rows = readFileSync(gold, 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l));
const reports = [...new Set(rows.flatMap((r: any) => (Array.isArray(r.report) ? r.report : [r.report])))] as string[];
const views = [];
let id = 1;
for (const rep of reports) {
  const file = `../shared/reports/${rep}`;
  const ex = await extractLines({ fileName: rep, bytes: new Uint8Array(readFileSync(file)) });
  const draft = parseReport(ex.lines, {
    format: ex.format,
    pageCount: ex.pageCount,
    fileName: basename(file),
    partial: true,
  });
  views.push(
    buildView({
      meta: { reportId: id++, unitName: draft.unitName, aliases: draft.unitAliases, year: draft.year } as any,
      draft,
      findings: [],
    }),
  );
}
let ok = 0;
for (const r of rows) {
  const a = renderJson(answerFromViews(views, r.q, { unit: r.unit })) as any;
  const e = r.expect;
  const good =
    a.kind === e.kind &&
    (!e.value || (Math.abs(Number(a.value) - Number(e.value)) <= 0.005 && a.unit === e.unit)) &&
    (e.contains ?? []).every((c: string) => (a.text + JSON.stringify(a.candidates ?? '')).includes(c));
  if (good) ok++;
  if (process.env.SHOW || !good)
    console.log(
      good ? 'OK' : 'MISS',
      r.q,
      JSON.stringify(e),
      '=>',
      a.kind,
      a.value,
      a.unit,
      '|',
      a.text.split('\n').slice(0, 3).join(' / '),
    );
}
console.log(`${ok}/${rows.length}`);
