import { describe, expect, it } from 'vitest';
import { unitAliases } from '../../src/ingest/unit-names.js';

describe('unit names the way people say them', () => {
  it.each([
    [
      '上海市普陀区人民政府宜川路街道办事处',
      '上海市普陀区',
      ['宜川路街道', '宜川路街道办', '普陀区宜川路街道', '宜川路'],
      ['人民政府宜川路街道办事处', '政府宜川路街道办事处'],
    ],
    ['上海市普陀区长征镇人民政府', '上海市普陀区', ['长征镇', '长征镇政府'], []],
    ['上海市普陀区人力资源和社会保障局', '上海市普陀区', ['人社局', '普陀区人社局', '人力资源和社会保障局'], []],
    ['上海市普陀区市场监督管理局', '上海市普陀区', ['市场监管局'], []],
    ['上海市普陀区规划和自然资源局', '上海市普陀区', ['规划资源局', '规资局'], []],
    ['上海市普陀区文化和旅游局', '上海市普陀区', ['文旅局', '普陀区文旅局'], []],
    ['中共上海市普陀区委社会工作部', '上海市普陀区', ['社会工作部', '区委社会工作部'], []],
    ['阳谷县人民政府办公室', '阳谷县', ['政府办', '政府办公室'], []],
    ['太原市发展和改革委员会', '太原市', ['发改委', '太原市发改委', '发展和改革委员会'], []],
    // a region that is a 实验区 / 新区 of a longer name
    ['平潭综合实验区东庠乡人民政府', '平潭综合实验区', ['东庠乡', '东庠乡政府'], []],
    ['上海市浦东新区财政局', '上海市浦东新区', ['财政局', '浦东新区财政局'], []],
    ['平潭县人民法院', '平潭县', ['法院', '平潭县法院', '人民法院'], []],
    // a committee by what it is of; a body's local committee by the body
    ['莆田市地方志编纂委员会', '莆田市', ['地方志', '莆田市地方志', '地方志编纂委员会'], []],
    ['莆田市九三学社莆田市委员会', '莆田市', ['九三学社', '九三学社莆田市委员会'], ['九三']],
    ['上海市普陀区国有资产监督管理委员会', '上海市普陀区', ['国资委'], ['国有资产监督']],
  ])('%s', (name, region, has, hasNot) => {
    const a = unitAliases(name);
    expect(a.region).toBe(region);
    for (const x of has) expect(a.aliases).toContain(x);
    for (const x of hasNot) expect(a.aliases).not.toContain(x);
    expect(a.aliases).not.toContain(name);
  });

  it('a unit with no region in its name (a university) has no derived alias', () => {
    expect(unitAliases('西南大学')).toEqual({ region: null, aliases: [] });
  });
});
