/**
 * 繁→简, one character each, for the words of a 决算 and of questions about one: a page converted to traditional
 * characters by a mirror site (「三公經費決算情況表」) reads as the original, and so does a question typed that way. Not a
 * general converter: a name with other traditional characters keeps them.
 */
const PAIRS =
  '經经費费執执預预決决報报開开銷销務务車车輛辆購购維维護护運运員员機机關关額额總总計计結结餘余資资產产國国業业單单險险醫医療疗養养職职貼贴補补長长構构採采統统據据項项類类門门會会議议辦办衛卫對对個个與与傳传體体環环鄉乡區区縣县農农郵邮電电廳厅師师' +
  '財财撥拨繳缴轉转萬万較较減减績绩佔占為为麼么獎奖離离撫抚卹恤債债續续諮咨詢询貨货圖图書书館馆遊游專专稅税發发設设備备號号這这裡里變变動动幾几們们負负擔担償偿還还儲储權权義义賬账數数條条劃划調调處处廣广視视藝艺術术劇剧團团場场鎮镇試试驗验監监測测證证價价錢钱氣气熱热災灾勵励屬属標标準准戶户歸归紀纪審审規规劑剂選选舉举黨党組组織织協协評评問问請请說说況况級级應应優优實实際际進进貸贷' +
  '學学東东強强爲为陽阳嶽岳無无給给積积極极龍龙濟济張张來来覽览瀏浏於于並并從从將将當当時时間间歲岁鄭郑陳陈劉刘楊杨趙赵黃黄吳吴廈厦湧涌鐵铁橋桥' +
  '輕轻軟软網网絡络樣样認认識识讓让頭头題题顯显齊齐齒齿廠厂倉仓錄录範范圍围頁页響响嚴严盡尽壓压違违紅红綠绿藍蓝線线細细';
const TRAD = new Map([...PAIRS].flatMap((c, i, a) => (i % 2 === 0 ? [[c, a[i + 1]] as const] : [])));
// every traditional character of PAIRS (all in the BMP, so one UTF-16 unit each)
const TRAD_CHARS = new RegExp(`[${[...TRAD.keys()].join('')}]`, 'g');

export const simplified = (text: string): string => text.replace(TRAD_CHARS, (c) => TRAD.get(c)!);

/** 「職業(yè)學(xué)院」: the pinyin a converting site writes after a character it was unsure of. */
const PINYIN_NOTE = /[（(][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,6}[)）]/g;

/** A text as its reader would have it in simplified characters, without a converting site's pinyin notes. */
export const withoutConversion = (text: string): string => simplified(text.replace(PINYIN_NOTE, ''));
