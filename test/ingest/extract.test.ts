import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { extractLines, isAmountToken, type Extracted, type Line } from '../../src/ingest/extract.js';
import { paragraphLines } from '../../src/ingest/extract-text.js';
import { groupItems, type PdfItem } from '../../src/ingest/extract-pdf.js';
import { textCells } from '../../src/ingest/extract-text.js';
import { seededBytes } from './fixtures.js';

const REPORTS = '/work/shared/reports';
const read = (name: string) => new Uint8Array(readFileSync(path.join(REPORTS, name)));
const utf8 = (s: string) => new TextEncoder().encode(s);
const extract = (fileName: string, bytes: Uint8Array, maxBytes?: number) => extractLines({ fileName, bytes, maxBytes });
const onPage = (x: Extracted, page: number) => x.lines.filter((l) => l.page === page);
const cellTexts = (l: Line) => l.cells.map((c) => c.text);
const findLine = (x: Extracted, page: number, start: string) => onPage(x, page).find((l) => l.text.startsWith(start));
const pageOf = (x: Extracted, re: RegExp) => x.lines.find((l) => re.test(l.text))?.page;

/** A one-page PDF with correct xref offsets, drawing `content`. */
function tinyPdf(content: string): Uint8Array {
  const objs = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 300] /Contents 4 0 R >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
  ];
  let out = '%PDF-1.4\n';
  const offsets = objs.map((body, i) => {
    const at = out.length;
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
    return at;
  });
  const xref = out.length;
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n`;
  out += offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return utf8(out);
}

function expectWellFormed(x: Extracted) {
  for (const l of x.lines) {
    expect(l.cells.length).toBeGreaterThan(0);
    expect(l.text).toBe(cellTexts(l).join(' '));
    expect(l.cells.map((c) => c.x0)).toEqual([...l.cells.map((c) => c.x0)].sort((a, b) => a - b));
    if (l.page !== null) expect(l.page).toBeGreaterThanOrEqual(1);
    if (l.page !== null) expect(l.page).toBeLessThanOrEqual(x.pageCount);
  }
}

describe('extractLines: 财政局 2024 PDF', () => {
  let czj: Extracted;
  beforeAll(async () => {
    czj = await extract('putuo-czj-2024-juesuan.pdf', read('putuo-czj-2024-juesuan.pdf'));
  }, 60_000);

  it('reads 25 pages, top to bottom, cells left to right', () => {
    expect(czj.format).toBe('pdf');
    expect(czj.pageCount).toBe(25);
    expectWellFormed(czj);
    for (let p = 1; p <= 25; p++) {
      const ys = onPage(czj, p).map((l) => l.y!);
      expect(ys).toEqual([...ys].sort((a, b) => b - a));
    }
    expect(onPage(czj, 14)).toEqual([]); // blank page: counted, no lines
  });

  it('keeps the 收入决算表 row cells in x order', () => {
    const page = pageOf(czj, /^收入决算表$/)!;
    const row = findLine(czj, page, '201 06 01 行政运行');
    expect(row?.text).toBe('201 06 01 行政运行 1,511.90 1,511.89 0.01');
  });

  it.each([
    ['201 一般公共服务支出', ['2,106.66', '1,503.52', '603.14']],
    ['201 06 财政事务', ['2,106.66', '1,503.52', '603.14']],
    ['201 06 01 行政运行', ['1,511.89', '1,503.52', '8.37']],
    ['201 06 07 信息化建设', ['135.25', '135.25']],
    ['合计', ['2,940.05', '2,336.91', '603.14']],
  ])('pulls amounts drawn off the baseline into row %s on the 支出决算表 page', (start, amounts) => {
    const row = findLine(czj, 10, start)!;
    expect(row).toBeDefined();
    expect(cellTexts(row).filter(isAmountToken).slice(-amounts.length)).toEqual(amounts);
  });

  it.each([
    [10, '类 款 项'],
    [10, '机关事业单位基本养老保险缴'],
    [10, '208 05 05 160.75 160.75'],
    [10, '费支出'],
    [17, '303 05 生活补助 302 25 专用燃料费'],
    [17, '303 11 302 公务用车运行维护'],
  ])('page %i has the line %s on its own', (page, text) => {
    expect(onPage(czj, page).map((l) => l.text)).toContain(text);
  });

  it('keeps both 0.95 of the 三公 table as separate cells', () => {
    const page = pageOf(czj, /^财政拨款“三公”经费支出决算表$/)!;
    expect(page).toBe(18);
    const row = onPage(czj, page).find((l) => l.text === '0.95 0.95')!;
    expect(row.cells).toHaveLength(2);
    expect(row.cells[1].x0).toBeGreaterThan(row.cells[0].x1 + 100);
  });
});

describe('extractLines: other real inputs', () => {
  it('decodes the Chinese text of the 社会工作部 PDF', async () => {
    const x = await extract('putuo-shgzb-2024-juesuan.pdf', read('putuo-shgzb-2024-juesuan.pdf'));
    expect(x.format).toBe('pdf');
    expect(x.lines.some((l) => l.text.includes('社会工作部'))).toBe(true);
    expectWellFormed(x);
  }, 60_000);

  it('takes pages from --- page N --- markers', async () => {
    const x = await extract('wenlv.pages.txt', read('putuo-wenlv-2025-juesuan.pages.txt'));
    expect(x.format).toBe('text');
    expect(x.pageCount).toBe(33);
    expect(x.lines[0]).toMatchObject({ page: 1, text: '上海市普陀区' });
    expect(new Set(x.lines.map((l) => l.page))).toEqual(new Set(Array.from({ length: 33 }, (_, i) => i + 1)));
    expect(x.lines.some((l) => l.text.includes('--- page'))).toBe(false);
    expectWellFormed(x);
  });

  it('takes pages from 第 N 页 footers', async () => {
    const x = await extract('yanggu.txt', read('yanggu-zfb-2020-juesuan.txt'));
    const at = (start: string) => x.lines.find((l) => l.text.startsWith(start))?.page;
    expect(x.lines[0].page).toBeNull();
    expect(at('注：本表反映单位本年度国有资本经营预算')).toBe(16);
    expect(at('（二）收入决算具体情况')).toBe(19);
    expect(x.lines.some((l) => /^第 \d+ 页$/.test(l.text))).toBe(false);
    expect(x.pageCount).toBe(19);
    expectWellFormed(x);
  });
});

describe('text lines', () => {
  it.each([
    // x counts code points: pdftotext -layout aligns columns by characters, a CJK character taking one
    [
      '  项目\u3000\u3000合计  1,234.00',
      [
        ['项目', 2, 4],
        ['合计', 6, 8],
        ['1,234.00', 10, 18],
      ],
    ],
    [
      '201 一般公共服务支出 2,106.66',
      [
        ['201', 0, 3],
        ['一般公共服务支出', 4, 12],
        ['2,106.66', 13, 21],
      ],
    ],
    [
      '收       入',
      [
        ['收', 0, 1],
        ['入', 8, 9],
      ],
    ],
  ])('cells of %j', (line, want) => {
    expect(textCells(line).map((c) => [c.text, c.x0, c.x1])).toEqual(want);
  });

  it.each([
    [
      'form feeds',
      'a\fb\n\nc\fd',
      [
        ['a', 1],
        ['b', 2],
        ['c', 2],
        ['d', 3],
      ],
      3,
    ],
    [
      'footer then form feed is one break',
      'a\n第 1 页\n\fb\n第 2 页\f',
      [
        ['a', 1],
        ['b', 2],
      ],
      2,
    ],
    [
      'markers',
      '--- page 1 ---\na\n--- page 2 ---\n\nb',
      [
        ['a', 1],
        ['b', 2],
      ],
      2,
    ],
    [
      'footers',
      'a\n第 3 页\nb\n  第4页 \nc',
      [
        ['a', null],
        ['b', 4],
        ['c', 5],
      ],
      5,
    ],
    [
      'no page information',
      '\uFEFF  a  b\r\nc\r\n',
      [
        ['a b', null],
        ['c', null],
      ],
      1,
    ],
  ])('%s', async (_name, text, want, pageCount) => {
    const x = await extract('t.txt', utf8(text));
    expect(x.lines.map((l) => [l.text, l.page])).toEqual(want);
    expect(x.pageCount).toBe(pageCount);
  });
});

describe('PDF line grouping', () => {
  const item = (str: string, x: number, y: number, size = 12): PdfItem => ({
    str,
    x,
    y,
    width: str.length * size * 0.6,
    size,
  });
  const texts = (items: PdfItem[]) => groupItems(items, 1).map((l) => l.text);

  it.each([
    ['spaced-out characters join', [item('公', 10, 100), item('务', 20, 100), item('用 车', 30, 100)], ['公务用车']],
    ['columns stay apart', [item('0.95', 50, 100), item('0.95', 700, 100)], ['0.95 0.95']],
    [
      'amounts above the row join it',
      [item('行政运行', 200, 300), item('1,511.89', 390, 300), item('1,503.52', 460, 306.9)],
      ['行政运行 1,511.89 1,503.52'],
    ],
    [
      'a data row wins over a closer header row',
      [item('类', 80, 373.28), item('2,336.91', 460, 372.41), item('合计', 270, 365.5), item('2,940.05', 390, 365.51)],
      ['类', '合计 2,940.05 2,336.91'],
    ],
    [
      'a row between two wrapped name fragments stays put',
      [
        item('机关事业单位', 200, 130.67),
        item('208', 72, 122.89),
        item('160.75', 400, 122.89),
        item('费支出', 200, 115.1),
      ],
      ['机关事业单位', '208 160.75', '费支出'],
    ],
    ['amounts too far away stay put', [item('合计', 10, 100), item('5.00', 200, 90)], ['合计', '5.00']],
  ])('%s', (_name, items, want) => {
    expect(texts(items)).toEqual(want);
  });
});

describe('isAmountToken', () => {
  it.each([
    ['2,336.91', true],
    ['603.14', true],
    ['0', true],
    ['-1.20', true],
    ['201', true],
    ['-', false],
    ['', false],
    ['1,23.00', false],
    ['12.', false],
    ['万元', false],
    ['3.5%', false],
  ])('%j -> %s', (s, want) => {
    expect(isAmountToken(s)).toBe(want);
  });
});

describe('bad inputs', () => {
  const czjHead = () => read('putuo-czj-2024-juesuan.pdf').slice(0, 2000);
  const gbk = new Uint8Array([0xbe, 0xf6, 0xcb, 0xe3, 0xb1, 0xa8, 0xb8, 0xe6]); // 决算报告
  it.each<[string, () => Uint8Array, string, RegExp, number?]>([
    ['empty', () => new Uint8Array(0), 'E_BAD_FILE', /文件为空/],
    ['whitespace only', () => utf8(' \n\t\r\n\u3000 \n'), 'E_BAD_FILE', /文件为空/],
    ['random bytes', () => seededBytes(4096, 42), 'E_BAD_FILE', /文件不是文本或 PDF/],
    ['random bytes without NUL', () => seededBytes(4096, 7).map((b) => b || 1), 'E_BAD_FILE', /文件不是文本或 PDF/],
    ['GBK text', () => gbk, 'E_BAD_FILE', /不是 UTF-8.*GBK.*转换为 UTF-8/],
    ['UTF-16 text', () => new Uint8Array([0xff, 0xfe, 0x33, 0x51]), 'E_BAD_FILE', /UTF-16/],
    ['truncated PDF', czjHead, 'E_BAD_FILE', /PDF 文件无法解析（可能已损坏或被截断）/],
    ['PDF-looking garbage', () => utf8('%PDF-1.4 garbage'), 'E_BAD_FILE', /PDF 文件无法解析/],
    ['PDF without text', () => tinyPdf('0 0 100 100 re f'), 'E_BAD_FILE', /PDF 中没有可提取的文字（可能是扫描件）/],
    ['oversize text', () => utf8('决算'.repeat(100)), 'E_TOO_LARGE', /600 字节.*上限 100 字节/, 100],
    ['oversize PDF', czjHead, 'E_TOO_LARGE', /2\.0 KB.*上限 1\.0 KB/, 1024],
  ])('%s', async (_name, bytes, code, message, maxBytes) => {
    const err = await extract('坏文件.bin', bytes(), maxBytes).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).code).toBe(code);
    expect((err as UserError).message).toMatch(message);
    expect((err as UserError).message).toContain('坏文件.bin');
  });

  it('checks the size limit before parsing', async () => {
    const err = await extract('big.txt', seededBytes(2048, 1), 1024).catch((e: unknown) => e);
    expect((err as UserError).code).toBe('E_TOO_LARGE');
  });
});

describe('a run-together line (a web page kept as one line of text)', () => {
  const TOC = '目 录一、部门主要职责..........二、部门决算单位基本情况..........三、部门主要工作总结..........';
  const BODY =
    '四、2017年决算收支总体情况2017年本部门年初结转和结余10.02万元，本年收入1,151.16万元。（一）2017年收入1,151.16万元，具体情况如下：1.财政拨款收入1,150.64万元。2.事业收入0.00万元。';
  it('is split into its sentences, an item of a list after a colon starting its own line', () => {
    const sentences = [
      '四、2017年决算收支总体情况2017年本部门年初结转和结余10.02万元，本年收入1,151.16万元。',
      '（一）2017年收入1,151.16万元，具体情况如下：',
      '1.财政拨款收入1,150.64万元。',
      '2.事业收入0.00万元。',
    ];
    expect(paragraphLines(TOC + BODY + BODY + BODY)).toEqual([
      TOC + sentences[0],
      ...sentences.slice(1),
      ...sentences,
      ...sentences,
    ]);
  });
  it('a heading after a space (「… 95 87 三、2015年决算收支总体情况」) starts its own line', () => {
    const text = `人员编制数 在职人数 平潭县人民法院 全额财政核拨 95 87 三、2015年决算收支总体情况 本年收入2028.61万元。${BODY.repeat(3)}`;
    const lines = paragraphLines(text);
    expect(lines[0]).toBe('人员编制数 在职人数 平潭县人民法院 全额财政核拨 95 87 ');
    expect(lines[1]).toBe('三、2015年决算收支总体情况 本年收入2028.61万元。');
  });

  it('leaves short lines and long lines without sentences (a table row) as they are', () => {
    expect(paragraphLines(BODY)).toEqual([BODY]);
    const row = `201 一般公共服务支出 ${'2,106.66 '.repeat(40)}`;
    expect(paragraphLines(row)).toEqual([row]);
  });
});
