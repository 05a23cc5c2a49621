// Strings of the in-app user manual (帮助).
export const helpZhCN = {
  open: '帮助',
  search: '搜索手册（如 入住、BED_OCCUPIED）',
  contents: '目录',
  found: '找到 {{count}} 节',
  none: '手册中没有找到相关内容',
  codeHelp: '帮助',
};
