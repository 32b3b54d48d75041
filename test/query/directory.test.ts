import { describe, expect, it } from 'vitest';
import type { ReportEntry } from '../../db/store.js';
import { makeDirectory } from '../../src/query/directory.js';

// SYNTHETIC entries: the directory's indexes must answer as a scan of its reports would
const entry = (reportId: number, unitName: string, year: number, aliases: string[] = []): ReportEntry => ({
  reportId,
  unitId: reportId,
  unitName,
  aliases,
  region: '某县',
  year,
  sourceFile: `${unitName}-${year}.pdf`,
});
const reports = [
  entry(1, '甲局', 2023, ['甲']),
  entry(2, '甲局', 2024, ['甲']),
  entry(3, '乙中心', 2024, ['乙', '共用']),
  entry(4, '丙办', 2024, ['共用']),
];

describe('the directory of every report', () => {
  const dir = makeDirectory(reports, [], () => false);

  it('gives a unit’s reports in directory order, and none for a name it does not hold', () => {
    for (const unit of dir.units) expect(dir.reportsOf(unit)).toEqual(reports.filter((r) => r.unitName === unit));
    expect(dir.reportsOf('丁所')).toEqual([]);
    expect(dir.reportsOf('甲')).toEqual([]); // an alias is not a unit's name
  });

  it('finds a unit by its name or alias; an alias two units share goes to the first, as a scan finds it', () => {
    expect(dir.unitNamed('甲局')).toBe('甲局');
    expect(dir.unitNamed('乙')).toBe('乙中心');
    expect(dir.unitNamed('共用')).toBe('乙中心');
    expect(dir.unitNamed('丁所')).toBeNull();
  });
});
