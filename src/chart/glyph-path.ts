import type { PathCommand } from 'opentype.js';

/** SVG path data of an opentype.js glyph path. */
export const pathData = (cmds: PathCommand[]): string =>
  cmds
    .map((c) =>
      c.type === 'Z'
        ? 'Z'
        : c.type === 'C'
          ? `C${c.x1} ${c.y1} ${c.x2} ${c.y2} ${c.x} ${c.y}`
          : c.type === 'Q'
            ? `Q${c.x1} ${c.y1} ${c.x} ${c.y}`
            : `${c.type}${c.x} ${c.y}`,
    )
    .join('');
