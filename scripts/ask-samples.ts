/** Ask questions of the four sample reports together, as a chat whose unit is UNIT (- for none): tsx scripts/ask-samples.ts UNIT "问题"... */
import { parseFixture, fakeMeta, TEXT_REPORTS } from '../test/query/real-views.js';
import { buildView } from '../src/query/report-view.js';
import { answerFromViews } from '../src/query/ask.js';
import { renderText } from '../src/render/text.js';
const views = await Promise.all(
  TEXT_REPORTS.map(async (f, i) => {
    const d = await parseFixture(f);
    return buildView({ meta: fakeMeta(i + 1, d), draft: d, findings: [] });
  }),
);
const [unitArg, ...qs] = process.argv.slice(2);
for (const q of qs) {
  const a = answerFromViews(views, q, { unit: unitArg === '-' ? null : unitArg });
  console.log('>', q, '→', a.kind);
  console.log(
    renderText(a)
      .split('\n')
      .filter((l) => !l.startsWith('来源'))
      .slice(0, 7)
      .join('\n'),
  );
}
