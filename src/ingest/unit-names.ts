/**
 * How people name a unit: its region, the body without the region, the standard short form of a government body
 * (人力资源和社会保障局 → 人社局), a 街道/镇/乡 by its own name (上海市普陀区人民政府宜川路街道办事处 → 宜川路街道).
 */

/** Standard short forms of government bodies, as offices say them. A body may have several. */
export const SHORT_FORMS: [full: string, short: string[]][] = [
  ['人力资源和社会保障局', ['人社局']],
  ['人力资源社会保障局', ['人社局']],
  ['市场监督管理局', ['市场监管局']],
  ['文化和旅游局', ['文旅局']],
  ['文化旅游局', ['文旅局']],
  ['文化广播电视和旅游局', ['文广旅局', '文旅局']],
  ['发展和改革委员会', ['发改委']],
  ['发展和改革局', ['发改局']],
  ['住房和城乡建设局', ['住建局']],
  ['住房和城乡建设委员会', ['住建委']],
  ['住房和城乡建设管理委员会', ['住建委']],
  ['建设和管理委员会', ['建管委']],
  ['卫生健康委员会', ['卫健委']],
  ['卫生和计划生育委员会', ['卫计委']],
  // 规土局: the office's name before 2019 (规划和国土资源管理局), still what people say
  ['规划和自然资源局', ['规划资源局', '规资局', '规土局']],
  ['自然资源和规划局', ['自然资源局', '资规局']],
  ['生态环境局', ['环境局', '环保局']],
  ['退役军人事务局', ['退役军人局']],
  ['应急管理局', ['应急局']],
  ['医疗保障局', ['医保局']],
  ['农业农村局', ['农业局']],
  ['农业农村委员会', ['农委']],
  ['交通运输局', ['交通局']],
  ['交通运输委员会', ['交通委']],
  ['商务委员会', ['商务委']],
  ['科学技术委员会', ['科委']],
  ['科学技术局', ['科技局']],
  ['教育委员会', ['教委']],
  ['国有资产监督管理委员会', ['国资委']],
  ['机关事务管理局', ['机关事务局', '机管局']],
  ['城市管理行政执法局', ['城管执法局', '城管局']],
  ['城市管理局', ['城管局']],
  ['人民防空办公室', ['人防办']],
  ['信访办公室', ['信访办']],
  ['人民政府办公室', ['政府办']],
  ['人民政府办公厅', ['政府办公厅']],
  ['地方金融监督管理局', ['金融局', '金融办']],
  ['体育局', ['体育局']],
  ['统计局', ['统计局']],
  ['审计局', ['审计局']],
  ['司法局', ['司法局']],
  ['民政局', ['民政局']],
  ['财政局', ['财政局']],
  ['水务局', ['水务局']],
  ['绿化和市容管理局', ['绿容局']],
  ['新闻出版局', ['新闻出版局']],
  ['档案局', ['档案局']],
  ['地方志编纂委员会', ['方志委', '地方志委']],
  ['总工会', ['总工会']],
  ['政法委员会', ['政法委']],
  ['社会工作部', ['社工部']],
  ['机构编制委员会办公室', ['编办']],
  ['人民法院', ['法院']],
  ['人民检察院', ['检察院']],
];

/**
 * 上海市普陀区财政局 -> region 上海市普陀区, aliases 财政局, 普陀区财政局. A region may also be a 开发区, 实验区, 新区 …
 * of a longer name (平潭综合实验区东庠乡人民政府 → 东庠乡).
 */
export function unitAliases(name: string): { region: string | null; aliases: string[] } {
  const m =
    /^(中共|中国共产党)?((?:[^省市]{2,3}(?:省|自治区))?(?:[^市区县]{2,4}市)?(?:[^区县]{2,4}(?:区|县)|[^区县]{2,10}(?:开发区|实验区|试验区|示范区|新区))?)(委)?(.+)$/.exec(
      name,
    );
  if (!m?.[2]) return { region: null, aliases: [] };
  const region = m[2];
  const core = m[4];
  const local = region.replace(/^.*?[省市](?=.)/, '');
  const aliases = new Set<string>([core, local + core]);
  if (m[3]) aliases.add(`区委${core}`);
  const level = /[省市区县]$/.exec(region)?.[0] ?? '';
  const partyOf = m[3] ? `${level}委` : '';
  const forms = new Set<string>();
  for (const [full, shorts] of SHORT_FORMS)
    if (core.endsWith(full)) for (const s of shorts) forms.add(core.slice(0, core.length - full.length) + s);
  if (/^人民政府办公室$/.test(core)) forms.add('政府办公室');
  if (/^人民政府/.test(core)) forms.add(core.replace(/^人民/, ''));
  // a 街道, 镇 or 乡 is named by itself: 宜川路街道办事处, 宜川路街道, 宜川路街道办
  const township = /^(?:人民政府)?(.{2,8}?(街道|镇|乡))(办事处|人民政府)?$/.exec(core);
  if (township) {
    const [, own, kind] = township;
    forms.add(own);
    // a 街道 by its street's name too (石泉路, 曹杨新村), when that is three characters or more
    if (kind === '街道') forms.add(`${own}办事处`).add(`${own}办`);
    if (kind === '街道' && own.length - 2 >= 3) forms.add(own.slice(0, -2));
    else forms.add(`${own}政府`).add(`${own}人民政府`);
  }
  // a committee by what it is of: 地方志编纂委员会 → 地方志; a party's or body's local committee by the body:
  // 九三学社莆田市委员会 → 九三学社
  const compiling = /^(.{3,8}?)编纂委员会$/.exec(core)?.[1];
  const localCommittee = `${local}委员会`;
  const ofBody = core.endsWith(localCommittee) ? core.slice(0, -localCommittee.length) : '';
  for (const f of [compiling, ofBody]) if (f && f.length >= 2) forms.add(f);
  // a party's local committee is its 市委 (九三学社市委, 九三学社莆田市委)
  if (ofBody.length >= 2) forms.add(`${ofBody}${level}委`).add(`${ofBody}${local}委`);
  for (const f of forms) aliases.add(f).add(local + f);
  // a party body by its committee's level: 区委社工部
  if (partyOf) for (const f of forms) aliases.add(partyOf + f);
  // a body of the region by its level (市审计局, 区财政局, 市方志委), as colleagues in the region say it
  if (level && !township) for (const f of [core, ...forms]) if (!f.includes(local)) aliases.add(level + f);
  aliases.delete(name);
  // 「人民政府宜川路街道办事处」 is nobody's name for the 街道
  return {
    region,
    aliases: [...aliases].filter((a) => a.length >= 2 && !(township && /^(?:.{0,4}区)?(?:人民)?政府/.test(a))),
  };
}
