/** Ask questions of one report file without a store: tsx scripts/ask-file.ts FILE "问题"... (prints the parsed query and the answer) */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { extractLines } from '../src/ingest/extract.js';
import { parseReport } from '../src/ingest/parse-report.js';
import { buildView } from '../src/query/report-view.js';
import { answerFromViews } from '../src/query/ask.js';
import { parseQuestion } from '../src/nlu/parse.js';
import { scopeOfViews } from '../src/query/directory.js';
import { renderText } from '../src/render/text.js';
const [file, ...qs] = process.argv.slice(2);
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
for (const q of qs) {
  console.log('>', q, JSON.stringify(parseQuestion(q, { ...scopeOfViews([view]), unit: draft.unitName })));
  console.log(renderText(answerFromViews([view], q, { unit: draft.unitName })));
}
