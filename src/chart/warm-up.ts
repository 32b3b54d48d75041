import { log } from '../log.js';
import { warmUpFonts } from './font.js';
import { renderBars } from './render.js';

/**
 * Parses both font faces and draws one tiny chart (~0.5 s once) so the first 看图 a user presses is quick.
 * Call after the bots start; a missing font is logged, not fatal: only charts fail then.
 */
export function warmUpCharts(): boolean {
  const t0 = Date.now();
  try {
    warmUpFonts();
    renderBars({
      title: '预热',
      subtitle: '万元',
      categories: [{ name: '一' }, { name: '二' }],
      series: [{ name: '决算数', tone: 'dark', values: ['1', '2'], labels: ['1.00', '2.00'] }],
      footnote: '',
      caption: '',
    });
    log.info('chart fonts loaded', { ms: Date.now() - t0 });
    return true;
  } catch (e) {
    log.error('charts unavailable: the CJK font could not be loaded', { error: e });
    return false;
  }
}
