import { AppError } from '../../../../shared/errors';
import { inTransaction, writeAudit } from '../../app/audit';
import type { HandlerMap } from '../../app/handler';
import { decodeFile } from '../../import/framework';
import { timestampForFile } from '../../db/migrate';
import { buildPackage, readPackage } from './package';
import { mergePackage } from './merge';

/** File names carry no characters Windows refuses. */
const safe = (name: string) => name.replace(/[\\/:*?"<>|\s]+/g, '_').slice(0, 60);

export const exchangeHandlers = {
  'exchange.export': async (ctx, input) => {
    if (ctx.access && !input.confirmPersonalData) throw new AppError('PERSONAL_DATA_CONFIRM');
    // On the core's one connection (no other request's transaction half done on it), in one read
    // transaction: every table is read from the same state even while another program writes.
    const { bytes, pkg } = await ctx.db
      .connection()
      .execute(async () => ctx.sqlite.transaction(() => buildPackage(ctx.sqlite, [...new Set(input.facilityIds)], ctx.now().toISOString()))());
    const who = pkg.facilities.length === 1 ? safe(pkg.facilities[0]!.name) : `${pkg.facilities.length}个机构`;
    // A package carries elders' full ID numbers, phones and assessments (the receiving file matches elders
    // by ID number): a bulk export of personal data, on record with who took it (a read-only file can
    // record nothing, and its reader could copy the file itself).
    if (!ctx.readOnly) await inTransaction(ctx, (trx) =>
      writeAudit(trx, ctx, {
        action: 'personalData.export',
        entity: 'exchange',
        entityId: pkg.facilities.map((f) => f.id).join(',').slice(0, 2000),
        summary: `导出交换包（含老人完整身份证号、电话和能力评估${ctx.access ? '，已确认' : ''}）：${pkg.facilities.map((f) => f.name).join('、').slice(0, 500)}`,
      }),
    );
    return { fileName: `交换包-${who}-${timestampForFile(ctx.now())}.cbx`, mime: 'application/gzip', dataBase64: bytes.toString('base64') };
  },
  'exchange.preview': async (ctx, input) => mergePackage(ctx, await readPackage(decodeFile(input.file)), input.file.fileName, false),
  'exchange.apply': async (ctx, input) => mergePackage(ctx, await readPackage(decodeFile(input.file)), input.file.fileName, true),
} satisfies Partial<HandlerMap>;
