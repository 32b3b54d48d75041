import { describe, expect, it } from 'vitest';
import { normalize } from '../../src/nlu/normalize.js';

describe('normalize', () => {
  it.each([
    // 全角 → 半角
    ['２０２０年三公经费', '2020年三公经费'],
    ['公开０５表', '公开05表'],
    ['ＡＢＣ　１２３', 'ABC123'],
    ['三公经费？', '三公经费?'],
    ['因公出国(境)费', '因公出国（境）费'],
    ['因公出国（境）费', '因公出国（境）费'],
  ])('全角/半角 %s → %s', (input, out) => expect(normalize(input)).toBe(out));

  it.each([
    ['三公經費執行率', '三公经费执行率'],
    ['財政撥款收入', '财政拨款收入'],
    ['公務用車購置及運行維護費', '公务用车购置及运行维护费'],
    ['機關事業單位基本養老保險繳費支出', '机关事业单位基本养老保险缴费支出'],
    ['收入支出總計比上年增減', '收入支出总计比上年增减'],
    ['一般公共服務支出佔比', '一般公共服务支出占比'],
    ['年初結轉和結餘', '年初结转和结余'],
    ['政府採購貨物', '政府采购货物'],
    ['績效自評', '绩效自评'],
    ['住房保障支出', '住房保障支出'],
  ])('繁体 %s → %s', (input, out) => expect(normalize(input)).toBe(out));

  it.each([
    ['三公经费 执行率', '三公经费执行率'],
    ['  住房保障支出\t同比 \n', '住房保障支出同比'],
    ['三公经费\u3000执行率', '三公经费执行率'],
  ])('spaces %j', (input, out) => expect(normalize(input)).toBe(out));

  it.each([
    ['@jsws_bot 三公经费执行率', '三公经费执行率'],
    ['@jsws_bot三公经费执行率', '三公经费执行率'],
    ['三公经费 @jsws_bot', '三公经费'],
    ['@决算问数 住房保障支出', '住房保障支出'],
    ['@_user_1 公开05表', '公开05表'],
    ['@a @b 支出结构', '支出结构'],
  ])('@mention %j', (input, out) => expect(normalize(input)).toBe(out));

  it.each([
    ['「住房公积金」', '住房公积金'],
    ['“三公经费”执行率', '三公经费执行率'],
    ['‘基本支出’占比', '基本支出占比'],
    ['『公开07表』', '公开07表'],
    ['《收入支出决算总表》', '收入支出决算总表'],
    ['"项目支出"', '项目支出'],
    ["三公经费'; DROP TABLE reports;--", '三公经费;DROPTABLEreports;--'],
  ])('quotes %j', (input, out) => expect(normalize(input)).toBe(out));

  it('is idempotent', () => {
    for (const s of ['＠bot 三公經費（境）「執行率」', '２０２４年度 財政局 機關運行經費'])
      expect(normalize(normalize(s))).toBe(normalize(s));
  });
});
