import { Decimal } from 'decimal.js';
import { readFileSync, readdirSync } from 'node:fs';
import { parseFixture, viewsOf } from '../test/query/real-views.js';
import { perturbDraft } from '../test/query/synthetic-draft.js';
import { answerFromViews } from '../src/query/ask.js';
import { renderText } from '../src/render/text.js';
import { renderJson } from '../src/render/json.js';
const SAMPLES: Record<string, string> = { 'yanggu-zfb-2020': 'yanggu-zfb-2020-juesuan.txt', 'putuo-czj-2024': 'putuo-czj-2024-juesuan.layout.txt', 'putuo-shgzb-2024': 'putuo-shgzb-2024-juesuan.layout.txt', 'putuo-wenlv-2025': 'putuo-wenlv-2025-juesuan.pages.txt' };
const stems = Object.keys(SAMPLES);
const bases = new Map(await Promise.all(stems.map(async (s) => [s, await parseFixture(SAMPLES[s])] as const)));
const drafts = []; const unitOf = new Map(stems.map((s) => [s, [] as string[]]));
for (let i = 0; i < 1000; i++) { const u = Math.floor(i / 2); const stem = stems[u % 4]; const unitName = `合成单位${String(u + 1).padStart(4, '0')}`; drafts.push(perturbDraft(bases.get(stem)!, new Decimal(1.1), { unitName, unitAliases: [`合成${u + 1}号`], year: bases.get(stem)!.year - (i % 2) })); if (i % 2 === 0) unitOf.get(stem)!.push(unitName); }
const views = viewsOf(drafts);
const { buildCatalog } = await import('../src/nlu/catalog.js');
for (const v of views) buildCatalog(v);
const QD = 'test/fixtures/questions/';
const shapes = readdirSync(QD).filter((f) => f.endsWith('.jsonl')).flatMap((f) => readFileSync(QD + f, 'utf8').split('\n').filter((l) => l.trim()).map((l) => ({ stem: f.replace('.jsonl', ''), q: JSON.parse(l).q as string }))).filter((s) => unitOf.has(s.stem));
let seed = 1; const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
const slow = new Map<string, number>(); const cnt = new Map<string, number>();
const one = () => { const s = shapes[Math.floor(rnd() * shapes.length)]; const us = unitOf.get(s.stem)!; const t = performance.now(); const a = answerFromViews(views, s.q, { unit: us[Math.floor(rnd() * us.length)] }); const r = renderText(a).length + JSON.stringify(renderJson(a)).length; const d = performance.now() - t; slow.set(s.q, (slow.get(s.q) ?? 0) + d); cnt.set(s.q, (cnt.get(s.q) ?? 0) + 1); return r; };
const lat: number[] = [];
const t0 = performance.now();
for (let i = 0; i < 6000; i++) { const s = performance.now(); one(); lat.push(performance.now() - s); }
lat.sort((a, b) => a - b);
console.log('total', (performance.now() - t0).toFixed(0), 'p50', lat[3000].toFixed(3), 'p99', lat[5940].toFixed(3));

console.log([...slow].map(([q, t]) => [q, t / cnt.get(q)!] as [string, number]).sort((a, b) => b[1] - a[1]).slice(0, 12).map(([q, d]) => `${d.toFixed(2)} ${q}`).join('\n'));
