import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { extractLines } from '../../src/ingest/extract.js';
import { parseReport } from '../../src/ingest/parse-report.js';
import type { ReportDraft } from '../../src/ingest/types.js';

async function termsOf(path: string): Promise<NonNullable<ReportDraft['prose']>> {
  const file = fileURLToPath(new URL(path, import.meta.url));
  const ex = await extractLines({ fileName: file, bytes: new Uint8Array(readFileSync(file)) });
  const d = parseReport(ex.lines, { format: ex.format, pageCount: ex.pageCount, fileName: file });
  return (d.prose ?? []).filter((p) => p.kind === 'term');
}

describe('the 名词解释, one entry each', () => {
  it('阳谷 2020: the heading on two lines (「第四部分」, 「名词解释」), entries broken over lines joined, each with its page', async () => {
    const terms = await termsOf('../fixtures/reports/yanggu-zfb-2020-juesuan.txt');
    expect(terms).toHaveLength(15);
    expect(terms[0]).toEqual({
      kind: 'term',
      text: '财政拨款收入：指单位本年度从本级财政部门取得的财政拨款，包括一般公共预算财政拨款、政府性基金预算财政拨款和国有资本经营预算财政拨款。',
      page: 19,
    });
    expect(terms.map((t) => t.text.split('：')[0])).toContain('机关运行经费');
  });

  it('档案局 2017: the heading and the first entry on one line; the 附表 list after the last entry is no entry', async () => {
    const terms = await termsOf('../fixtures/more/fujian-putian-danganju-2017-juesuan.txt');
    expect(terms[0].text).toBe('财政拨款收入：指省级财政当年拨付的资金。');
    expect(terms).toHaveLength(13);
    expect(terms.some((t) => t.text.startsWith('附表'))).toBe(false);
  });
});
