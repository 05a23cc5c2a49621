// Beijing's 16 districts (GB/T 2260) with the 2020 census resident population.
// Copied from the briefing's data/beijing-districts-2020.csv so migrations need no file at run time.
export const BEIJING_CODE = '110000';
export const BEIJING_DISTRICTS_2020: readonly { code: string; name: string; resident: number; source: string }[] = [
  { code: '110101', name: '东城区', resident: 708829, source: '第七次全国人口普查公报（第二号）北京市' },
  { code: '110102', name: '西城区', resident: 1106214, source: '第七次全国人口普查公报（第二号）北京市' },
  { code: '110105', name: '朝阳区', resident: 3452460, source: '第七次全国人口普查公报（第二号）北京市' },
  { code: '110106', name: '丰台区', resident: 2019764, source: '第七次全国人口普查公报（第二号）北京市' },
  { code: '110107', name: '石景山区', resident: 567851, source: '第七次全国人口普查公报（第二号）北京市' },
  { code: '110108', name: '海淀区', resident: 3133469, source: '第七次全国人口普查公报（第二号）北京市' },
  { code: '110109', name: '门头沟区', resident: 392606, source: '第七次全国人口普查公报（第二号）北京市' },
  { code: '110111', name: '房山区', resident: 1312778, source: '第七次全国人口普查公报（第二号）北京市' },
  { code: '110112', name: '通州区', resident: 1840295, source: '第七次全国人口普查公报（第二号）北京市' },
  { code: '110113', name: '顺义区', resident: 1324044, source: '第七次全国人口普查公报（第二号）北京市' },
  { code: '110114', name: '昌平区', resident: 2269487, source: '第七次全国人口普查公报（第二号）北京市' },
  { code: '110115', name: '大兴区', resident: 1993591, source: '第七次全国人口普查公报（第二号）北京市' },
  { code: '110116', name: '怀柔区', resident: 441040, source: '第七次全国人口普查公报（第二号）北京市' },
  { code: '110117', name: '平谷区', resident: 457313, source: '第七次全国人口普查公报（第二号）北京市' },
  { code: '110118', name: '密云区', resident: 527683, source: '第七次全国人口普查公报（第二号）北京市' },
  { code: '110119', name: '延庆区', resident: 345671, source: '第七次全国人口普查公报（第二号）北京市' },
];
