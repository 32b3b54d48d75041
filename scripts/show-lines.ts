import { readFileSync } from 'node:fs';
import { extractLines } from '../src/ingest/extract.js';
const ex = await extractLines({ fileName: 'x', bytes: new Uint8Array(readFileSync(process.argv[2])) });
const pages = process.argv[3].split(',').map(Number);
for (const l of ex.lines)
  if (pages.includes(l.page ?? -1) || pages.includes(0))
    console.log(
      `p${l.page} y=${l.y?.toFixed(1) ?? ''} ${l.cells.map((c) => `${c.text}[${Math.round(c.x0)}-${Math.round(c.x1)}]`).join(' ')}`,
    );
