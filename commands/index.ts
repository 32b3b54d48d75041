import { askCommand } from './ask.js';
import { auditCommand } from './audit.js';
import { chartCommand } from './chart.js';
import type { CommandSpec } from './define.js';
import { digestCommand } from './digest.js';
import { exportCommand } from './export.js';
import { helpCommand, startCommand } from './help.js';
import { importCommand } from './import.js';
import { subjectsCommand } from './subjects.js';
import { tableCommand } from './table.js';
import { unitCommand } from './unit.js';
import { unitsCommand } from './units.js';
import { yearCommand } from './year.js';
import { yearsCommand } from './years.js';

/** Every chat command, once: Telegram's menu, Lark's help card, the console and the CLI read this map. */
// biome-ignore lint/suspicious/noExplicitAny: each command validates its own args; the registry holds them all
export const COMMANDS: Record<string, CommandSpec<any>> = {
  ask: askCommand,
  table: tableCommand,
  chart: chartCommand,
  export: exportCommand,
  subjects: subjectsCommand,
  units: unitsCommand,
  years: yearsCommand,
  unit: unitCommand,
  year: yearCommand,
  audit: auditCommand,
  import: importCommand,
  digest: digestCommand,
  help: helpCommand,
  start: startCommand,
};
