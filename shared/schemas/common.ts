import { z } from 'zod';
import { isIsoDay } from '../domain/calendar';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar date as `YYYY-MM-DD`; every payload carries dates this way, never as Date objects. */
export const isoDate = z
  .string({ error: '请输入日期' })
  .min(1, { error: '请输入日期', abort: true })
  .regex(ISO_DATE, { error: '日期格式应为 YYYY-MM-DD', abort: true })
  .refine(isIsoDay, {
    error: '日期不存在',
  });

export const uuid = z.string().uuid({ error: '编号格式不正确' });

/** A record the user picks from a list: left empty, the message says what to pick, not that an id is malformed. */
export const picked = (label: string) =>
  z.string({ error: `请选择${label}` }).min(1, { error: `请选择${label}`, abort: true }).uuid({ error: '编号格式不正确' });

/**
 * What a name may not consist of or begin and end with: whitespace (ideographic space included), C0 and
 * C1 control characters, zero-width and joiner characters, direction marks and the BOM. Pasted from a
 * web page or a chat these look like nothing, so a name made only of them looks blank yet differs from
 * every other name.
 */
const INVISIBLE = '\\s\\u0000-\\u001F\\u007F-\\u009F\\u00AD\\u034F\\u061C\\u115F\\u1160\\u17B4\\u17B5\\u180E\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u206F\\u3164\\uFE00-\\uFE0F\\uFEFF\\uFFA0';
const INVISIBLE_ENDS = new RegExp(`^[${INVISIBLE}]+|[${INVISIBLE}]+$`, 'g');
/** Control characters no text field stores (tab and line breaks are text). */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** The text without invisible characters at either end. */
export function trimInvisible(text: string): string {
  return text.replace(INVISIBLE_ENDS, '');
}

/**
 * Why a text typed or imported for a field cannot be stored as it is, or null: made only of invisible
 * characters (but not simply blank, which is "empty"), or holding a control character.
 */
export function invisibleTextProblem(label: string, text: string): string | null {
  if (text.trim() !== '' && trimInvisible(text) === '') return `${label}不能只包含不可见字符`;
  if (CONTROL.test(text)) return `${label}不能包含控制字符`;
  return null;
}

export const trimmed = (label: string, max = 200) =>
  z
    .string({ error: `请输入${label}` })
    .refine((v) => invisibleTextProblem(label, v) === null, { error: (issue) => invisibleTextProblem(label, String(issue.input)) ?? `${label}无效`, abort: true })
    .overwrite(trimInvisible)
    .min(1, { error: `${label}不能为空` })
    .max(max, { error: `${label}不能超过 ${max} 个字符` });

export const optionalText = (label: string, max = 500) =>
  z
    .string()
    .refine((v) => !CONTROL.test(v), { error: `${label}不能包含控制字符`, abort: true })
    .overwrite(trimInvisible)
    .max(max, { error: `${label}不能超过 ${max} 个字符` })
    .nullish()
    .transform((v) => (v ? v : null));

export const MAX_JSON_DEPTH = 32;
const MAX_JSON_NODES = 10_000;
const MAX_JSON_TEXT = 100_000;

/**
 * Why `value` is not a small plain JSON value, or null. Walked with an explicit stack, so a value nested
 * thousands deep is refused here instead of overflowing the stack of whatever serialises it later.
 */
export function jsonValueProblem(value: unknown): string | null {
  const stack: [unknown, number][] = [[value, 0]];
  let nodes = 0;
  let text = 0;
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (++nodes > MAX_JSON_NODES) return `取值过大（最多 ${MAX_JSON_NODES} 项）`;
    if (v === null || typeof v === 'boolean') continue;
    if (typeof v === 'string') {
      text += v.length;
      if (text > MAX_JSON_TEXT) return `取值过大（文字最多 ${MAX_JSON_TEXT} 个字符）`;
      continue;
    }
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) return '取值中的数字无效';
      continue;
    }
    if (typeof v !== 'object') return '取值只能由文字、数字、是否、列表和对象组成';
    if (depth >= MAX_JSON_DEPTH) return `取值嵌套过深（最多 ${MAX_JSON_DEPTH} 层）`;
    if (Array.isArray(v)) {
      for (const item of v) stack.push([item, depth + 1]);
      continue;
    }
    const proto = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) return '取值只能由文字、数字、是否、列表和对象组成';
    for (const key of Object.keys(v)) {
      text += key.length;
      stack.push([(v as Record<string, unknown>)[key], depth + 1]);
    }
  }
  return null;
}

/** A stored free-form value (a setting): plain JSON, bounded in depth and size. */
export const jsonValue = z.unknown().superRefine((v, ctx) => {
  const problem = jsonValueProblem(v);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

export const nonNegativeInt = (label: string) =>
  z
    .number({ error: `${label}必须是数字` })
    .int({ error: `${label}必须是整数` })
    .min(0, { error: `${label}不能为负数` });

export const pageInput = {
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(500).default(50),
};

export interface Page<T> {
  rows: T[];
  total: number;
  offset: number;
  limit: number;
}

/** A file produced by the core (export, template, backup); the renderer saves or downloads it. */
export interface FilePayload {
  fileName: string;
  mime: string;
  dataBase64: string;
}

export const fileInput = z.object({
  fileName: trimmed('文件名', 255),
  dataBase64: z.string().min(1, { error: '文件内容为空' }),
});
export type FileInput = z.infer<typeof fileInput>;
