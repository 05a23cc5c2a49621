import { AppError } from '../../../../shared/errors';
import { inTransaction, writeAudit } from '../../app/audit';
import type { HandlerMap } from '../../app/handler';
import type { CoreContext } from '../../app/context';
import { decodeFile } from '../../import/framework';
import { timestampForFile } from '../../db/migrate';
import type { ExchangeSender, Input } from '../../../../shared/contract';
import { buildPackage, openPackage, sealPackage } from './package';
import { mergePackage, type SenderCheck } from './merge';
import { existingOwnKeys, ownKeys, pinKey, pinsOf, receiverFor } from './keys';
import { groupedFingerprint } from './crypto';

/** File names carry no characters Windows refuses. */
const safe = (name: string) => name.replace(/[\\/:*?"<>|\s]+/g, '_').slice(0, 60);

/** On the core's one connection, so that no other request's transaction is half done on it. */
const onConnection = <T>(ctx: CoreContext, work: () => T): Promise<T> => ctx.db.connection().execute(async () => work());

async function importPackage(ctx: CoreContext, input: Input<'exchange.apply'>, apply: boolean) {
  const now = ctx.now().toISOString();
  // Read only: opening a package makes no key pair (a refused package writes nothing).
  const own = await onConnection(ctx, () => existingOwnKeys(ctx.sqlite));
  const opened = await openPackage(decodeFile(input.file), own, input);
  const check: SenderCheck = (facilityIds, applying) => {
    const sender = opened.sender;
    if (!sender) return { sender: { fingerprint: '', keyStatus: 'unsigned', encryption: 'none' }, audit: { unsigned: true } };
    const shown = groupedFingerprint(sender.fingerprint);
    if (own && sender.fingerprint === own.fingerprint) {
      return { sender: { fingerprint: shown, keyStatus: 'own', encryption: opened.encryption }, audit: { senderFingerprint: sender.fingerprint, keyStatus: 'own' } };
    }
    const pins = [...pinsOf(ctx.sqlite, facilityIds).values()];
    const other = pins.find((p) => p.fingerprint !== sender.fingerprint);
    const keyStatus: ExchangeSender['keyStatus'] = other ? 'changed' : pins.length ? 'pinned' : 'new';
    if (other && applying && !input.acceptNewKey) {
      throw new AppError(
        'EXCHANGE_KEY_CHANGED',
        `交换包的签名密钥（指纹 ${shown}）与本机为这些机构记住的密钥（指纹 ${groupedFingerprint(other.fingerprint)}）不同，未写入任何数据。` +
          '若对方确实换了电脑或重新安装，请先与对方电话核对新指纹，再选择“接受新的密钥”导入。',
        { fingerprint: shown, pinnedFingerprint: groupedFingerprint(other.fingerprint) },
      );
    }
    // First use pins the key to the facilities; a later package only adds facilities not pinned yet.
    if (applying) pinKey(ctx.sqlite, sender, facilityIds, now, ctx.actor.name);
    return {
      sender: { fingerprint: shown, keyStatus, encryption: opened.encryption, ...(other ? { pinnedFingerprint: groupedFingerprint(other.fingerprint) } : {}) },
      audit: {
        senderFingerprint: sender.fingerprint,
        keyStatus,
        encryption: opened.encryption,
        ...(other ? { acceptedNewKey: true, replacedFingerprint: other.fingerprint } : {}),
      },
    };
  };
  return mergePackage(ctx, opened.pkg, input.file.fileName, apply, check);
}

export const exchangeHandlers = {
  'exchange.export': async (ctx, input) => {
    if (ctx.access && !input.confirmPersonalData) throw new AppError('PERSONAL_DATA_CONFIRM');
    const now = ctx.now().toISOString();
    const facilityIds = [...new Set(input.facilityIds)];
    // In one read transaction: every table is read from the same state even while another program writes.
    const { plain, pkg, receiver } = await onConnection(ctx, () =>
      ctx.sqlite.transaction(() => ({ ...buildPackage(ctx.sqlite, facilityIds, now), receiver: receiverFor(ctx.sqlite, facilityIds) }))(),
    );
    if (!input.passphrase && !receiver) {
      throw new AppError(
        'EXCHANGE_PASSPHRASE_REQUIRED',
        '本机还不知道接收方的密钥（对方尚未发来过这些机构的交换包），交换包只能用口令加密：请设置至少 8 个字符的口令，' +
          '另行（电话或当面）告诉接收方，不要写在 U 盘上或与 U 盘放在一起。',
      );
    }
    // The key pair is made (on first use) only now, when the package will be sealed and returned.
    const own = await onConnection(ctx, () => ownKeys(ctx.sqlite, now));
    const sealed = sealPackage(plain, own, input.passphrase ? { passphrase: input.passphrase } : { receiver: receiver! });
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
    return {
      fileName: `交换包-${who}-${timestampForFile(ctx.now())}.cbx`,
      mime: 'application/octet-stream',
      dataBase64: sealed.toString('base64'),
      encryptedTo: input.passphrase ? null : groupedFingerprint(receiver!.fingerprint),
    };
  },
  'exchange.preview': async (ctx, input) => importPackage(ctx, input, false),
  'exchange.apply': async (ctx, input) => importPackage(ctx, input, true),
} satisfies Partial<HandlerMap>;
