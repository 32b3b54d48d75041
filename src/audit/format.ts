import type { Finding } from '../ingest/types.js';

/** Counts by severity: real discrepancies and 尾数误差 notes. */
export function summarizeFindings(findings: Finding[]): { findings: number; rounding: number } {
  return {
    findings: findings.filter((f) => f.severity === 'finding').length,
    rounding: findings.filter((f) => f.severity === 'rounding').length,
  };
}

/** One line in Chinese: severity tag, message, and the expected/actual pair when both are known. */
export function formatFinding(f: Finding): string {
  const tag = f.severity === 'finding' ? '【不一致】' : '【尾数误差】';
  const pair = f.expected !== null && f.actual !== null ? `（应为 ${f.expected}，实为 ${f.actual}）` : '';
  return `${tag}${f.message}${pair}`;
}
