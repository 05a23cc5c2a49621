// The names district bureaus and facilities give template columns and values in their own spreadsheets,
// per import kind. Data, not code: a new synonym is a new entry here, and the import framework applies
// them the same way for every kind (electron/core/import/layout.ts).

/** Column synonyms: template column → the other names it goes by in real files. */
export const COLUMN_SYNONYMS: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {
  facilities: {
    机构名称: ['机构名', '单位名称', '机构全称', '养老机构名称', '名称'],
    机构类型: ['类型', '机构类别', '类别'],
    区划代码: ['所属街乡', '所属街道', '所属乡镇', '街乡', '街道（乡镇）', '所属区', '所在区', '区', '行政区划', '区划'],
    统一社会信用代码: ['信用代码', '社会信用代码', '统一信用代码'],
    举办性质: ['性质', '运营性质', '经营性质', '办院性质'],
    运营状态: ['状态', '经营状态', '运营情况'],
    核定床位数: ['床位数', '核定床位', '核定床位数（张）', '床位数（张）', '床位总数'],
    医疗服务: ['医养结合', '医疗服务方式'],
    开业日期: ['成立日期', '开办日期', '开业时间', '成立时间', '运营日期'],
    地址: ['详细地址', '机构地址', '地址（详细）', '所在地址'],
    上级机构: ['所属机构', '连锁机构'],
  },
  population: {
    区划代码: ['区', '街乡', '所属街乡', '地区', '区划'],
    年份: ['统计年份', '年度'],
    常住人口: ['常住人口数', '常住人口（人）'],
    户籍人口: ['户籍人口数', '户籍人口（人）'],
    '60岁及以上常住人口': ['60岁以上常住人口', '60周岁及以上常住人口'],
    '60岁及以上户籍人口': ['60岁以上户籍人口', '60周岁及以上户籍人口'],
    '65岁及以上常住人口': ['65岁以上常住人口', '65周岁及以上常住人口'],
    '80岁及以上常住人口': ['80岁以上常住人口', '80周岁及以上常住人口'],
  },
  beds: {
    机构名称: ['机构名', '单位名称'],
    床位号: ['床号', '床位编号'],
    房间: ['房间号', '房号'],
    床位类别: ['类别', '床位类型'],
    护理型: ['是否护理型', '护理型床位'],
    应急预留: ['是否应急预留'],
    启用日期: ['开始使用日期', '投用日期'],
  },
  elders: {
    身份证号: ['身份证号码', '公民身份号码', '证件号码'],
    户籍区划代码: ['户籍地', '户籍所在地', '户籍街乡'],
    联系电话: ['电话', '手机号', '联系方式'],
    人员类别: ['类别', '老人类别', '人员类型'],
  },
  stays: {
    身份证号: ['身份证号码', '公民身份号码'],
    机构名称: ['机构名', '单位名称'],
    床位号: ['床号'],
    入住日期: ['入院日期', '入住时间'],
    退住日期: ['出院日期', '退住时间'],
  },
  'bed-declarations': {
    机构名称: ['机构名', '单位名称', '养老机构名称', '名称'],
    统计日期: ['填报日期', '截止日期', '统计时间', '报表日期'],
    床位数: ['核定床位数', '核定床位', '床位总数', '总床位数', '床位数（张）'],
    护理型床位数: ['护理型床位', '护理床位数', '护理型'],
    应急预留床位数: ['应急床位数', '应急预留床位', '应急预留'],
    短期托养床位数: ['短期托养床位', '托养床位数', '短托床位数'],
    在住人数: ['实际入住数', '入住人数', '在院人数', '实际入住人数', '在住老人数'],
  },
};

/**
 * Value synonyms: template column → value found in files → the template's value. `驿站` alone is not here:
 * which station it is depends on the district (see STATION_WORD).
 */
export const VALUE_SYNONYMS: Readonly<Record<string, Readonly<Record<string, Readonly<Record<string, string>>>>>> = {
  facilities: {
    机构类型: { 养老院: '养老机构', 福利院: '养老机构', 老年公寓: '养老机构', 护理院: '养老机构', 照料中心: '养老照料中心', 社区驿站: '社区养老服务驿站', 农村驿站: '农村幸福晚年驿站', 互助点: '邻里互助点' },
    运营状态: { 正常运营: '运营', 在营: '运营', 正常: '运营', 营业: '运营', 停业: '停业整改', 整改: '停业整改', 已注销: '注销', 在建: '筹建' },
    举办性质: { 公建公营: '公办', 公办公营: '公办', 民营: '民办', 社会办: '民办' },
    医疗服务: { 内设医务室: '内设医疗机构', 医务室: '内设医疗机构', 签约: '签约医疗' },
  },
  elders: {
    人员类别: { 特困人员: '特困', 特困供养人员: '特困', 低保对象: '低保', 低保人员: '低保', 低收入人员: '低收入' },
  },
};

/** A value meaning "a station" without saying which: the district's kind of station decides (see stationKindFor). */
export const STATION_WORD = '驿站';

/** Column names that number rows and carry no data of their own: skipped and listed as skipped. */
export const ROW_NUMBER_COLUMNS: readonly string[] = ['序号', '编号', '行号', 'No', 'No.', 'NO', '序'];

/** A row whose first cells say this is a sum, not a record: skipped and listed as skipped. */
export const TOTAL_ROW_WORDS: readonly string[] = ['合计', '小计', '总计', '总数'];

/** A note under the table (the form's signature lines): skipped when it fills one column only. */
export const NOTE_ROW_PREFIXES: readonly string[] = ['填表人', '制表人', '审核人', '负责人', '单位负责人', '填报单位', '注：', '注:', '说明：', '说明:', '备注：'];

/** A column name with its spaces and bracketed units removed, as headers are compared. */
export function normalizeHeader(text: string): string {
  return text
    .replace(/[\s\u3000]+/g, '')
    .replace(/[（(][^）)]*[）)]$/, '')
    .replace(/[：:*＊]+$/, '');
}
