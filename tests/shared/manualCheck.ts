/**
 * What is wrong with the user manual, in Chinese, one line per problem (none: in step). `images` are the
 * files in docs/manual; `codes` the error codes and their messages (shared/errors.ts). The troubleshooting
 * table is the one between the codes:start and codes:end markers (scripts/manual-codes.mjs writes it).
 */
export function checkManual(manual: string, images: readonly string[], codes: Readonly<Record<string, string>>): string[] {
  const problems: string[] = [];
  const referenced = new Set([...manual.matchAll(/!\[[^\]]*\]\((manual\/[^)\s]+)\)/g)].map((m) => m[1]!));
  for (const ref of referenced) if (!images.includes(ref.slice('manual/'.length))) problems.push(`引用的图片不存在：${ref}`);
  for (const image of images) if (!referenced.has(`manual/${image}`)) problems.push(`图片未被手册引用：${image}`);

  const start = manual.indexOf('<!-- codes:start -->');
  const end = manual.indexOf('<!-- codes:end -->');
  const rows = new Map<string, { message: string; advice: string }>();
  for (const line of start >= 0 && end > start ? manual.slice(start, end).split('\n') : []) {
    const m = /^\| `([A-Z0-9_]+)` \| (.*) \| (.*) \|$/.exec(line);
    if (m) rows.set(m[1]!, { message: m[2]!.replace(/\\\|/g, '|'), advice: m[3]!.trim() });
  }
  for (const [code, message] of Object.entries(codes)) {
    const row = rows.get(code);
    if (!row) problems.push(`故障排除表缺少错误代码 ${code}`);
    else if (row.message !== message) problems.push(`错误代码 ${code} 的提示与 shared/errors.ts 不一致`);
    else if (!row.advice || row.advice === '待补充') problems.push(`错误代码 ${code} 缺少“怎么办”`);
  }
  for (const code of rows.keys()) if (!(code in codes)) problems.push(`故障排除表中的 ${code} 已不是错误代码`);
  return problems;
}
