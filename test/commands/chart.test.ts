import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chartRequest } from '../../commands/chart.js';
import { openDb, type Db } from '../../db/client.js';
import { handleIncoming } from '../../src/chat/dispatch.js';
import { loadConfig } from '../../src/config.js';
import { importFile } from '../../src/ingest/import-file.js';
import type { Answer } from '../../src/query/answer.js';
import { Library } from '../../src/query/ask.js';
import { renderJson } from '../../src/render/json.js';
import { renderText } from '../../src/render/text.js';

let db: Db;
let lib: Library;
beforeAll(async () => {
  db = await openDb(':memory:');
  await importFile(db, 'test/fixtures/reports/yanggu-zfb-2020-juesuan.txt');
  lib = new Library(db);
});
afterAll(async () => {
  await db.close();
});

const say = (text: string): Promise<Answer> =>
  handleIncoming({ db, lib, config: loadConfig({}) }, { chatKey: 'console', userId: 'console', text });

describe('chartRequest: the free-text chart wording', () => {
  it.each([
    ['支出结构图', '支出结构'],
    ['三公经费图表', '三公经费'],
    ['三公經費圖表', '三公经费'],
    ['看图', ''],
    ['看图 执行率', '执行率'],
    ['画一张各单位三公经费排名图', '各单位三公经费排名'],
    ['支出结构的柱状图。', '支出结构'],
    ['三公经费执行率', null],
    ['公开05表', null],
    ['支出结构', null],
  ])('%s → %s', (text, out) => expect(chartRequest(text)).toBe(out));
});

describe('/chart and 图表 wording', () => {
  it.each([
    ['/chart 支出结构', '支出结构（万元）'],
    ['/chart 执行率', '预算执行（万元）'],
    ['/chart 三公', '“三公”经费（万元）'],
    ['支出结构图', '支出结构（万元）'],
    ['三公经费图表', '“三公”经费（万元）'],
    ['看图 预算执行率', '预算执行（万元）'],
    ['阳谷县人民政府办公室2020年度支出结构图', '支出结构（万元）'],
    ['/chart 三公经费执行率图', '“三公”经费（万元）'],
  ])('%s → a PNG titled …%s', async (text, inTitle) => {
    const a = await say(text);
    expect(a.kind).toBe('chart');
    if (a.kind !== 'chart') return;
    expect(a.title).toContain(inTitle);
    expect(a.title).toContain('2020年度 阳谷县人民政府办公室');
    expect(a.png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect([...a.caption].length).toBeLessThanOrEqual(1024);
  });

  it('lists the chart names without an argument, and for 看图 alone', async () => {
    for (const text of ['/chart', '看图']) {
      const a = await say(text);
      expect(a).toMatchObject({ kind: 'message', title: '可以画的图' });
      expect(renderText(a)).toContain('/chart 三公');
    }
  });

  it('gives the figure with a note when the answer has no chart form', async () => {
    const a = await say('住房保障支出图');
    expect(a.kind).toBe('figure');
    expect(renderText(a)).toContain('53.16');
    expect(renderText(a)).toContain('没有图表形式');
  });

  it('says when the year has no report', async () => {
    expect(await say('/chart 2019年 三公')).toMatchObject({
      kind: 'no_data',
      message: expect.stringContaining('2019年度'),
    });
  });

  it('text and JSON renderers give the caption and say where the PNG goes', async () => {
    const a = await say('/chart 支出结构');
    if (a.kind !== 'chart') throw new Error(a.kind);
    const text = renderText(a);
    expect(text.split('\n')[0]).toBe(a.caption);
    expect(text).toMatch(/PNG 1080×\d+，在 Telegram 和飞书中以图片发送/);
    const json = renderJson(a);
    expect(json).toMatchObject({ kind: 'chart', title: a.title, caption: a.caption, width: 1080 });
    expect(JSON.stringify(json)).not.toContain('"png"');
  });
});
