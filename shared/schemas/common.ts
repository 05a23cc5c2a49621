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

export const trimmed = (label: string, max = 200) =>
  z
    .string({ error: `请输入${label}` })
    .trim()
    .min(1, { error: `${label}不能为空` })
    .max(max, { error: `${label}不能超过 ${max} 个字符` });

export const optionalText = (label: string, max = 500) =>
  z
    .string()
    .trim()
    .max(max, { error: `${label}不能超过 ${max} 个字符` })
    .nullish()
    .transform((v) => (v ? v : null));

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
