export type { Chart } from './types.js';
export { structureChart, trendChart } from './structure.js';
export { executionChart, threePublicChart } from './execution.js';
export { CHART_NAMES, type ChartName, chartAnswer, chartByName, chartForAnswer } from './for-answer.js';
export { warmUpFonts } from './font.js';
export { clampCaption } from './text.js';
export { warmUpCharts } from './warm-up.js';
