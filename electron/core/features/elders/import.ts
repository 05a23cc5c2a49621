import { ELDER_CATEGORIES, type ElderCategory } from '../../../../shared/domain/waitingPriority';
import { EXCEL_CUT_MESSAGE, looksCutByExcel, maskIdNumber, normalizeIdNumber } from '../../../../shared/domain/idNumber';
import type { Trx } from '../../app/context';
import type { Statement } from 'better-sqlite3';
import { perImport, rowChanges, SAMPLE_SIZE, type BatchOutcome, type ImportWriter, type ImportSpec } from '../../import/framework';
import { RowReader, rowErrorsOf } from '../../import/row';
import type { ImportRowError } from '../../../../shared/contract';
import { AppError } from '../../../../shared/errors';
import type { CoreContext } from '../../app/context';
import { alreadyRegistered, checkIdNumber, createElderIn, givenTwice, updateElderFromFile } from './service';
import { todayIn } from '../../app/time';
import { orderedIds } from '../../app/ids';
import { openFamilyBedIn } from '../familyBeds/service';
import { phoneProblem } from '../../../../shared/domain/phone';

const E = { name: '姓名', id: '身份证号', area: '户籍区划代码', phone: '联系电话', categories: '人员类别' } as const;

/** Several categories in one cell, separated by 、 (or a comma / semicolon, which people type too). */
function parseCategories(r: RowReader, raw: string | null): ElderCategory[] {
  if (!raw) return [];
  const out: ElderCategory[] = [];
  for (const part of raw.split(/[、,，;；]/).map((p) => p.trim()).filter(Boolean)) {
    const key = (Object.keys(ELDER_CATEGORIES) as ElderCategory[]).find((k) => ELDER_CATEGORIES[k] === part);
    if (!key) {
      r.fail(E.categories, `“${E.categories}”中的“${part}”无效，可选值：${Object.values(ELDER_CATEGORIES).join('、')}（高龄按年龄自动判断，无需填写）`);
    } else if (!out.includes(key)) out.push(key);
  }
  return out;
}

// The rows of this import that registered each ID number, by the import's transaction: a number given
// twice names the row that gave it first (an 已登记 would send the user looking for a record that the
// refused import never wrote).
const numbersInFile = perImport(() => new Map<string, { row: number; name: string }>());

export const elderImport: ImportSpec = {
  kind: 'elders',
  title: '老人',
  columns: [
    { header: E.name, required: true, description: '老人姓名', example: '张秀英' },
    { header: E.id, required: true, description: '18 位居民身份证号（校验位按 GB 11643 校验；末位 x 可小写；15 位旧号自动升级）。同一身份证号只能登记一次', example: '11010519491231002X' },
    { header: E.area, required: false, description: '户籍所在区划代码，6 位（区）、9 位（街道/乡镇）或 12 位', example: '110105' },
    { header: E.phone, required: false, description: '老人或家属联系电话', example: '13800000000' },
    { header: E.categories, required: false, description: `${Object.values(ELDER_CATEGORIES).join('、')}；多个用“、”分隔`, example: '低保、独居' },
  ],
  areaColumns: [E.area],
  fieldColumns: { idNumber: E.id, name: E.name, hukouAreaCode: E.area, phone: E.phone },
  async applyRow(trx, ctx, cells, rowNumber, options) {
    const row = readElderRow(cells);
    const inFile = numbersInFile(trx);
    const number = checkIdNumber(ctx, row.idNumber).idNumber;
    const first = inFile.get(number);
    if (first) throw new AppError('DUPLICATE_ID_NUMBER', givenTwice(number, first), { field: 'idNumber' });
    // Noted before the database is asked, as the bulk path does: a number repeated in the file names its
    // first row even when that row is refused as registered before.
    inFile.set(number, { row: rowNumber, name: row.name });
    if (options.update) {
      // 新增并更新: a registered ID number updates that elder (the bulk path, which only adds, is not used).
      const registered = await trx.selectFrom('elders').selectAll().where('id_number', '=', number).executeTakeFirst();
      if (registered) {
        const fields = await updateElderFromFile(trx, ctx, registered, row);
        rowChanges(trx).push({ row: rowNumber, action: fields.length ? 'update' : 'same', fields });
        return storedElder(row.name, number, row);
      }
    }
    const elder = await createElderIn(trx, ctx, { ...row, address: null, notes: null, contacts: [] });
    if (options.update) rowChanges(trx).push({ row: rowNumber, action: 'insert', fields: [] });
    return storedElder(elder.name, elder.id_number, row);
  },
  bulk(ctx) {
    return new EldersBulk(ctx);
  },
};

interface ElderRowValues {
  name: string;
  idNumber: string;
  hukouAreaCode: string | null;
  phone: string | null;
  categories: ElderCategory[];
}

/** The row's cells checked and parsed; throws RowErrors naming each bad column. */
function readElderRow(cells: Record<string, string>): ElderRowValues {
  const r = new RowReader(cells);
  const name = r.text(E.name, { required: true, max: 50 });
  const idNumber = r.text(E.id, { required: true, max: 30 });
  const area = r.text(E.area);
  if (area && !/^(\d{6}|\d{9}|\d{12})$/.test(area)) r.fail(E.area, `“${E.area}”应为 6、9 或 12 位数字，实际为“${area}”`);
  const phone = r.text(E.phone, { max: 30 });
  const phoneWrong = phone ? phoneProblem(phone, E.phone) : null;
  if (phoneWrong) r.fail(E.phone, phoneWrong);
  const categories = parseCategories(r, r.text(E.categories));
  r.check();
  return { name: name!, idNumber: idNumber!, hukouAreaCode: area, phone, categories };
}

function storedElder(name: string, idNumber: string, row: ElderRowValues): Record<string, string> {
  return {
    [E.name]: name,
    [E.id]: maskIdNumber(idNumber),
    [E.area]: row.hukouAreaCode ?? '',
    [E.phone]: row.phone ?? '',
    [E.categories]: row.categories.map((c) => ELDER_CATEGORIES[c]).join('、'),
  };
}

const CHUNK = 100;

interface Good {
  row: number;
  values: ElderRowValues;
  id: ReturnType<typeof checkIdNumber>;
}
const LOOKUP = 500;

/**
 * The bulk path for 100,000-row files, fed a piece of the file at a time: the same checks and messages
 * as applyRow (row rules, GB 11643, duplicates in the file and in the database), then multi-row inserts
 * on the import's transaction. Once a row is refused nothing more is written (the import will be rolled
 * back), but every later row is still checked so the report lists every problem.
 */
class EldersBulk implements ImportWriter {
  private readonly errors: ImportRowError[] = [];
  private rejectedRows = 0;
  private accepted = 0;
  private readonly stored: Record<string, string>[] = [];
  private readonly firstByNumber = new Map<string, { row: number; name: string }>();
  private readonly today: string;
  private readonly now: string;
  private readonly nextId = orderedIds();
  private readonly columnFor = (field: string) => elderImport.fieldColumns?.[field] ?? null;
  private readonly lookups = new Map<number, Statement>();
  private readonly elderInserts = new Map<number, Statement>();
  private readonly categoryInserts = new Map<number, Statement>();

  // Kysely and these raw statements share the one connection, so they run inside the import's transaction.
  constructor(private readonly ctx: CoreContext) {
    this.today = todayIn(ctx.now());
    this.now = ctx.now().toISOString();
  }

  private statement(cache: Map<number, Statement>, n: number, text: (n: number) => string): Statement {
    let s = cache.get(n);
    if (!s) cache.set(n, (s = this.ctx.sqlite.prepare(text(n))));
    return s;
  }

  add(rows: { row: number; cells: Record<string, string> }[]): void {
    const good: Good[] = [];
    for (const { row, cells } of rows) {
      try {
        const values = readElderRow(cells);
        const id = checkIdNumber(this.ctx, values.idNumber, this.today);
        const earlier = this.firstByNumber.get(id.idNumber);
        if (earlier !== undefined) {
          throw new AppError('DUPLICATE_ID_NUMBER', givenTwice(id.idNumber, earlier), { field: 'idNumber' });
        }
        this.firstByNumber.set(id.idNumber, { row, name: values.name });
        good.push({ row, values, id });
      } catch (err) {
        const issues = rowErrorsOf(err, row, this.columnFor);
        if (!issues) throw err;
        this.errors.push(...issues);
        this.rejectedRows++;
      }
    }
    const accepted = this.write(good);
    this.accepted += accepted.length;
    for (const g of accepted) {
      if (this.stored.length >= SAMPLE_SIZE) break;
      this.stored.push(storedElder(g.values.name, g.id.idNumber, g.values));
    }
  }

  /**
   * Writes the checked rows a chunk at a time and returns those accepted, letting the UNIQUE index find
   * numbers registered before this import (ON CONFLICT DO NOTHING): only a chunk that writes fewer rows
   * than it has is looked up, to name them. Looking up every number first cost about 0.3 s per 100,000
   * rows, searching the index the insert searches again. Once a row is refused nothing more is written
   * (the import will be rolled back); later rows are only looked up.
   */
  private write(good: Good[]): Good[] {
    const accepted: Good[] = [];
    for (let i = 0; i < good.length; i += CHUNK) {
      const part = good.slice(i, i + CHUNK);
      if (this.rejectedRows > 0) {
        accepted.push(...this.unregistered(part, new Set()));
        continue;
      }
      const ids = part.map(() => this.nextId());
      const params: unknown[] = [];
      const categoryRows: string[] = [];
      part.forEach((g, k) => {
        params.push(ids[k], g.values.name, g.id.idNumber, g.id.birthDate, g.id.sex, g.values.hukouAreaCode, g.values.phone, this.now, this.now);
        for (const c of new Set(g.values.categories)) categoryRows.push(ids[k]!, c);
      });
      const written = this.statement(this.elderInserts, part.length, (n) =>
        `INSERT INTO elders (id, name, id_number, birth_date, sex, hukou_area_code, phone, address, notes, created_at, updated_at) VALUES ${Array(n).fill('(?, ?, ?, ?, ?, ?, ?, NULL, NULL, ?, ?)').join(',')} ON CONFLICT (id_number) DO NOTHING`,
      ).run(...params).changes;
      if (written < part.length) {
        accepted.push(...this.unregistered(part, new Set(ids)));
        continue;
      }
      accepted.push(...part);
      if (categoryRows.length > 0) {
        this.statement(this.categoryInserts, categoryRows.length / 2, (n) => `INSERT INTO elder_categories (elder_id, category) VALUES ${Array(n).fill('(?, ?)').join(',')}`).run(...categoryRows);
      }
    }
    return accepted;
  }

  /**
   * The rows whose number no elder had before this import, refusing the others with applyRow's message.
   * Numbers this file wrote in an earlier piece were caught as duplicates in the file, so only older
   * registrations count: rows written just now (ids in `ours`) are not matches.
   */
  private unregistered(good: Good[], ours: Set<string>): Good[] {
    const registered = new Map<string, string>();
    for (let i = 0; i < good.length; i += LOOKUP) {
      const part = good.slice(i, i + LOOKUP).map((g) => g.id.idNumber);
      const lookup = this.statement(this.lookups, part.length, (n) => `SELECT id, id_number, name FROM elders WHERE id_number IN (${Array(n).fill('?').join(',')})`);
      for (const f of lookup.all(...part) as { id: string; id_number: string; name: string }[]) if (!ours.has(f.id)) registered.set(f.id_number, f.name);
    }
    return good.filter((g) => {
      const name = registered.get(g.id.idNumber);
      if (name === undefined) return true;
      this.errors.push({ row: g.row, column: E.id, message: alreadyRegistered(g.id.idNumber, name) });
      this.rejectedRows++;
      return false;
    });
  }

  finish(): BatchOutcome {
    this.errors.sort((a, b) => a.row - b.row);
    return { stored: this.rejectedRows > 0 ? [] : this.stored, accepted: this.accepted, errors: this.errors, rejectedRows: this.rejectedRows };
  }
}

const F = { provider: '服务机构名称', id: '身份证号', area: '区划代码', address: '地址', opened: '建床日期', closed: '撤床日期' } as const;

export const familyBedImport: ImportSpec = {
  kind: 'family-beds',
  title: '家庭照护床位',
  columns: [
    { header: F.provider, required: true, description: '提供服务的养老机构、驿站或养老照料中心全称，须已登记', example: '朝阳区六里屯社区养老服务驿站' },
    { header: F.id, required: true, description: '老人身份证号，须已登记（先导入“老人”）', example: '11010519491231002X' },
    { header: F.area, required: true, description: '老人家庭住址所在区划代码（6、9 或 12 位），须已存在', example: '110105' },
    { header: F.address, required: true, description: '家庭住址', example: '朝阳区六里屯街道某小区 3 号楼 2 单元 101' },
    { header: F.opened, required: true, description: 'YYYY-MM-DD；同时作为服务协议开始日期。自动关联此前最近一次能力评估', example: '2024-03-01' },
    { header: F.closed, required: false, description: '已撤床的填写撤床日期（须晚于建床日期）；在用留空', example: '' },
  ],
  areaColumns: [F.area],
  fieldColumns: { providerFacilityId: F.provider, elderId: F.id, areaCode: F.area, address: F.address, openedOn: F.opened, closedOn: F.closed, assessmentId: F.opened },
  async applyRow(trx, ctx, cells) {
    const r = new RowReader(cells);
    const providerName = r.text(F.provider, { required: true, max: 100 });
    const idRaw = r.text(F.id, { required: true, max: 30 });
    const areaCode = r.text(F.area, { required: true });
    if (areaCode && !/^(\d{6}|\d{9}|\d{12})$/.test(areaCode)) r.fail(F.area, `“${F.area}”应为 6、9 或 12 位数字，实际为“${areaCode}”`);
    const address = r.text(F.address, { required: true, max: 200 });
    const openedOn = r.date(F.opened, { required: true });
    const closedOn = r.date(F.closed);
    const provider = providerName ? await trx.selectFrom('facilities').select('id').where('name', '=', providerName).executeTakeFirst() : undefined;
    if (providerName && !provider) r.fail(F.provider, `服务机构“${providerName}”不存在（须先在“机构与驿站”中登记）`);
    const elder = idRaw ? await findElderByIdNumber(trx, idRaw) : null;
    if (idRaw && !elder) r.fail(F.id, unknownElder(idRaw));
    r.check();
    await openFamilyBedIn(
      trx,
      ctx,
      { providerFacilityId: provider!.id, elderId: elder!.id, areaCode: areaCode!, address: address!, assessmentId: null, agreementStartOn: openedOn!, agreementEndOn: null, openedOn: openedOn!, closedOn, closeReason: closedOn ? '导入时登记为已撤床' : null },
      { requireAssessment: false },
    );
    return { [F.provider]: providerName!, [F.id]: maskIdNumber(elder!.id_number), [F.area]: areaCode!, [F.address]: address!, [F.opened]: openedOn!, [F.closed]: closedOn ?? '' };
  },
};

/** The elder with this ID number in any accepted spelling (lowercase x, 15 digits, spaces). */
export async function findElderByIdNumber(trx: Trx, raw: string) {
  return (await trx.selectFrom('elders').selectAll().where('id_number', '=', normalizeIdNumber(raw)).executeTakeFirst()) ?? null;
}

/** Why no elder has the number a file gives: Excel cut it to 15 digits, or the elder is not registered yet. */
export function unknownElder(raw: string): string {
  return looksCutByExcel(raw) ? EXCEL_CUT_MESSAGE : `身份证号 ${maskIdNumber(raw)} 的老人尚未登记（请先导入“老人”）`;
}
