/**
 * Chart fonts: what a chart costs with ordinary names and with names the primary font lacks (the fallback font is
 * parsed on first need), each in its own process so RSS is that case's alone: first render (font parse included),
 * warm median over N renders, RSS after. Then the fonts' coverage of GB2312, GBK, GB18030 level 1, CJK Unified
 * Ideographs, Ext A and Ext B+.
 * usage: npx tsx bench/chart-fonts.ts [--renders N] [--write-docs]   (one case: --case ordinary|rare;
 * --write-docs: also draw docs/chart-rare-characters.png)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import opentype from 'opentype.js';
import { fontFile } from '../src/chart/font.js';
import { renderBars } from '../src/chart/render.js';
import type { BarSpec } from '../src/chart/types.js';
import { quantile } from './stats.js';

const { values } = parseArgs({
  options: {
    renders: { type: 'string', default: '30' },
    case: { type: 'string' },
    'write-docs': { type: 'boolean', default: false },
  },
});
const N = Number(values.renders);

// SYNTHETIC names and figures; `rare` has characters outside the primary font (鿭 U+9FED, 䶶 U+4DB6, 﨑 U+FA11, 가)
const spec = (names: string[]): BarSpec => ({
  title: `2024年度 ${names[0]} 支出结构（万元）`,
  subtitle: '决算数',
  categories: names.map((name) => ({ name, note: '2024年度' })),
  series: [
    { name: '决算数', tone: 'dark', values: ['1133.55', '110.37', '53.16'], labels: ['1133.55', '110.37', '53.16'] },
  ],
  footnote: '数值与表格答案相同。',
  caption: '',
});
const CASES: Record<string, BarSpec> = {
  ordinary: spec(['阳谷县人民政府办公室', '上海市普陀区财政局', '西南大学']),
  rare: spec(['鿭城县人民政府办公室', '䶶山镇财政所', '山﨑가中心']),
};

function runCase(name: string): void {
  const s = CASES[name];
  const t0 = performance.now();
  renderBars(s);
  const first = performance.now() - t0;
  const times: number[] = [];
  for (let i = 0; i < N; i++) {
    const t = performance.now();
    renderBars(s);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const rss = process.memoryUsage().rss / 2 ** 20;
  console.log(JSON.stringify({ first: Math.round(first), median: quantile(times, 0.5), rss: Math.round(rss) }));
}

if (values['write-docs']) {
  const c = renderBars({
    ...spec(['鿭城县䶶山镇财政所', '山﨑가中心', '䶮㮾堃翀昇珺赟喆玥𬌗']),
    title: '2024年度 SYNTHETIC 字形示例（万元）',
    subtitle: '主字体 · 后备字体 UnifontEX（鿭䶶﨑가） · 无字形的字以编码框代替（\uE000 𠮷）',
    footnote: `图中名称为虚构。${'\uE000'}𠮷田乡`,
  });
  writeFileSync(new URL('../docs/chart-rare-characters.png', import.meta.url), c.png);
  console.log(`wrote docs/chart-rare-characters.png; caption note: ${c.caption}`);
}

if (values.case) {
  runCase(values.case);
  process.exit(0);
}

console.log(`chart with ordinary vs rare names, ${N} warm renders each, one process a case`);
console.log(['case', 'first render ms (font parse)', 'warm median ms', 'RSS MB'].join('\t'));
for (const name of Object.keys(CASES)) {
  const r = spawnSync(
    process.execPath,
    [...process.execArgv, fileURLToPath(import.meta.url), '--case', name, '--renders', String(N)],
    {
      encoding: 'utf8',
    },
  );
  const m = JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '{}');
  console.log([name, m.first, m.median?.toFixed(1), m.rss].join('\t'));
}

// coverage: characters each font maps (cmap), over encodings decoded with Node's own GBK/GB18030 tables
const dec = new TextDecoder('gbk');
const range = (lo: number, hi: number) => Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);
function twoByte(leads: number[], trails: number[]): number[] {
  const out: number[] = [];
  for (const a of leads)
    for (const b of trails) {
      const cps = [...dec.decode(new Uint8Array([a, b]))].map((c) => c.codePointAt(0) ?? 0);
      // user-defined areas decode to the private use area: no character to cover
      if (cps.length === 1 && cps[0] !== 0xfffd && !(cps[0] >= 0xe000 && cps[0] <= 0xf8ff)) out.push(cps[0]);
    }
  return out;
}
const isHan = (c: number) => (c >= 0x3400 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff) || c >= 0x20000;
const ascii = range(0x20, 0x7e);
const gb2312 = twoByte(range(0xa1, 0xf7), range(0xa1, 0xfe));
const gbk = twoByte(range(0x81, 0xfe), [...range(0x40, 0x7e), ...range(0x80, 0xfe)]);
const SETS: [string, number[]][] = [
  ['GB2312 rows A1–F7 + ASCII', [...ascii, ...gb2312]],
  ['GB2312 hanzi', gb2312.filter(isHan)],
  ['GBK (ASCII + two-byte)', [...ascii, ...gbk]],
  ['GBK hanzi', gbk.filter(isHan)],
  // about GB 18030-2022 level 1: the one- and two-byte part plus CJK Unified Ideographs and Ext A
  [
    'GBK + URO + Ext A (≈ GB18030 level 1)',
    [...new Set([...ascii, ...gbk, ...range(0x3400, 0x4dbf), ...range(0x4e00, 0x9fff)])],
  ],
  ['CJK Unified Ideographs 4E00–9FFF', range(0x4e00, 0x9fff)],
  ['CJK Ext A 3400–4DBF', range(0x3400, 0x4dbf)],
  ['CJK Ext B–I 20000–323AF', range(0x20000, 0x323af)],
  ['CJK Compatibility Ideographs', range(0xf900, 0xfad9)],
  ['Hangul syllables', range(0xac00, 0xd7a3)],
];
const resolve = (id: string) => {
  try {
    return createRequire(import.meta.url).resolve(id);
  } catch {
    return '';
  }
};
const FONTS: [string, string][] = [
  ['Noto Sans S Chinese (primary)', fontFile()],
  ['UnifontEX (fallback)', resolve('@fontsource/unifontex/files/unifontex-latin-400-normal.woff')],
].filter(([, f]) => f && existsSync(f)) as [string, string][];
const cmaps = FONTS.map(([, file]) => {
  const b = readFileSync(file);
  const font = opentype.parse(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer, {
    lowMemory: true,
  });
  return (c: number) => font.hasChar(String.fromCodePoint(c));
});
console.log(['\nset', ...FONTS.map(([n]) => n), 'either'].join('\t'));
for (const [name, cps] of SETS) {
  const has = cmaps.map((h) => cps.filter(h).length);
  const either = cps.filter((c) => cmaps.some((h) => h(c))).length;
  const pct = (n: number) => `${n}/${cps.length} (${((100 * n) / cps.length).toFixed(2)}%)`;
  console.log([name, ...has.map(pct), pct(either)].join('\t'));
}
