import fs from 'node:fs';
import os from 'node:os';
import readline from 'node:readline';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { AppError, type Result } from '../../../shared/errors';
import type { FilePayload } from '../../../shared/schemas/common';
import { silentLogger, consoleLogger, cliActor } from '../app/context';
import { openCore, type Core } from '../core';
import { openSqlite, type Sqlite } from '../db/connection';
import { pendingMigrations } from '../db/migrate';
import { MIGRATIONS } from '../db/migrations';
import { newestBackup, sqliteFault } from '../app/faults';
import { backupTo } from '../features/backup/service';
import { todayIn } from '../app/time';
import { isoDate } from '../../../shared/schemas/common';
import { buildCheckpoints, changeSeq, checkpointDates, loadAreaCounts } from '../counting';
import { runImport } from '../import/framework';
import { IMPORT_SPECS, importSpec } from '../import/registry';
import { defaultDbPath } from '../paths';
import { importOptionsSchema, type ExchangeReport, type ExchangeSender } from '../../../shared/contract';
import { beijingTime } from '../../../shared/domain/calendar';
import { ROLE_KEYS, ROLE_LABELS, type Grant, type Role } from '../../../shared/domain/access';
import type { AccountRow } from '../../../shared/contract/accounts';

export const HELP = `CareBeds 养老床位 命令行工具

用法：npm run cli -- <命令> [选项]

命令：
  import <类型> <文件> [--dry-run]   导入 .xlsx 或 .csv 文件；类型：${IMPORT_SPECS.map((s) => s.kind).join('、')}
      --sheet <工作表名>             读取指定工作表（默认：第一个表头相符的工作表）
      --map '床位数=核定床位数,…'     文件列=模板列（“列名=”表示不导入）；打印所用的列对应
      --update                       按名称、代码等更新已有记录（默认只新增）
      --station-kind 社区|农村       “驿站”指哪类驿站（默认按街乡判断）
      --effective-on <日期>          文件中状态变化的生效日期（默认取文件的统计日期）
                                     任一行有错误时不写入任何数据，并逐行列出错误，退出码 1
  export indicators --as-of <YYYY-MM-DD> --format xlsx|csv --out <文件> [--level district|street]
                                     导出各区养老床位指标（XLSX 含目标达成、指标定义与口径、数据质量、规划测算、说明）
  export subsidy <机构名称或编号> --month <YYYY-MM> --out <文件>
                                     导出该机构当月的运营补贴测算表（XLSX，身份证号脱敏）
  exchange export <机构名称或编号>... --out <文件> [--passphrase <口令>]
                                     导出这些机构的交换包（.cbx，已签名并加密）：楼栋、房间、床位、老人、入住、轮候、
                                     家庭照护床位；本机不知道接收方密钥时须用 --passphrase 设置口令（至少 8 个字符）
  exchange import <文件> [--dry-run] [--passphrase <口令>] [--accept-new-key] [--allow-unsigned]
                                     导入交换包：显示发送方密钥指纹，逐类列出新增、更新、保留本机的记录数；任一记录
                                     冲突或不属于发送机构时不写入任何数据，并列出冲突，退出码 1；--accept-new-key：
                                     接受与本机记住的不同的发送方密钥（先与对方核对指纹）；--allow-unsigned：读取旧版未签名的交换包
  precount [--as-of <YYYY-MM-DD>]    预先统计历史日期的指标并存档（默认：2020 年底以来各季末及近一年各月末），
                                     存档后这些日期的指标打开即得；应用运行时也会在后台逐区进行
  backup --out <文件>                 在线备份数据库（应用运行时也安全）
  check                              只读检查数据库：结构版本、完整性（integrity_check）、外键；不升级、不写入
  users list                         列出账户、角色与状态
  users add <账户名> [授权] [--password-file <文件>]
                                     新建账户（无 --password-file 时提示输入密码）
  users grant <账户名> [授权]         设置账户的角色（取代原有角色）
  users disable <账户名> --reason <原因> | users enable <账户名> --reason <原因>
  users reset-password <账户名> [--password-file <文件>]
                                     重置密码（下次登录须修改）
      授权：--role ${ROLE_KEYS.join('|')}，以及 --all，或 --district <区代码,…>，或 --facility <机构名称或编号,…>
  audit verify                       校验审计日志的哈希链，报告第一处断裂
  audit export --out <文件.csv>       导出全部审计日志
  call <请求类型> [--input '<JSON>' | --input-file <文件>]
                                     调用任一请求（与界面相同的校验），输出 JSON 结果；失败时退出码 1
  --help                             显示本帮助

通用选项：
  --db <文件>                        数据库文件（默认：应用自己的数据库 ${defaultDbPath()}）；
                                     文件不存在时报错，除非同时给出 --create
  --create                           数据库文件不存在时新建
`;

type Out = (line: string) => void;

/** The commands that open the database through the core (and would create a missing file). */
const OPENS_DATABASE = new Set(['import', 'export', 'exchange', 'precount', 'backup', 'call', 'users', 'audit']);

/**
 * The CLI acts as the operating-system user who can open the file, with every right: the file's
 * permissions (owner-only) are the protection, as the issue's threat model says, and the audit log
 * names that user (命令行（zhang）).
 */
async function withCore<T>(dbPath: string, work: (core: Core) => Promise<T>): Promise<T> {
  const core = await openCore({ dbPath, logger: process.env.CAREBEDS_DEBUG ? consoleLogger : silentLogger, actor: cliActor(os.userInfo().username) });
  try {
    return await work(core);
  } finally {
    await core.close();
  }
}

/** Writes a file the core produced where --out says, or prints why there is none; the exit code. */
function saveOutput(r: Result<unknown>, out: string, said: (target: string) => string, print: Out, err: Out): number {
  if (!r.ok) {
    err(`导出失败：${r.error.message}`);
    return 1;
  }
  const target = path.resolve(out);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, Buffer.from((r.data as FilePayload).dataBase64, 'base64'));
  print(said(target));
  return 0;
}

/** Runs one CLI invocation and returns the exit code; printing goes through `out`/`err` for tests. */
export async function runCli(argv: string[], out: Out = console.log, err: Out = console.error): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        db: { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        passphrase: { type: 'string' },
        'accept-new-key': { type: 'boolean', default: false },
        'allow-unsigned': { type: 'boolean', default: false },
        out: { type: 'string' },
        'as-of': { type: 'string' },
        format: { type: 'string' },
        level: { type: 'string' },
        month: { type: 'string' },
        input: { type: 'string' },
        'input-file': { type: 'string' },
        create: { type: 'boolean', default: false },
        map: { type: 'string' },
        sheet: { type: 'string' },
        update: { type: 'boolean', default: false },
        'station-kind': { type: 'string' },
        'effective-on': { type: 'string' },
        role: { type: 'string' },
        all: { type: 'boolean', default: false },
        district: { type: 'string' },
        facility: { type: 'string' },
        'password-file': { type: 'string' },
        reason: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    });
  } catch (e) {
    err(`参数错误：${(e as Error).message}\n`);
    err(HELP);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    out(HELP);
    return command || values.help ? 0 : 2;
  }
  const dbPath = path.resolve(values.db ?? defaultDbPath());
  if (command === 'check') return checkDatabase(dbPath, out, err);
  // A mistyped --db used to create a new, empty database and report success against it.
  if (OPENS_DATABASE.has(command) && !fs.existsSync(dbPath) && !values.create) {
    err(`数据库不存在：${dbPath}`);
    err('请检查 --db 路径；要新建数据库，请加 --create');
    return 2;
  }

  try {
    switch (command) {
      case 'import': {
        const [kind, file] = rest;
        if (!kind || !file) {
          err('用法：import <类型> <文件> [--dry-run]');
          return 2;
        }
        const spec = importSpec(kind);
        if (!fs.existsSync(file)) {
          err(`文件不存在：${file}`);
          return 2;
        }
        const bytes = fs.readFileSync(file);
        const parsedOptions = importOptionsSchema.safeParse({
          sheet: values.sheet,
          // 文件列=模板列, comma-separated; 文件列= alone means 不导入.
          map: values.map?.split(/[,，]/).filter((p) => p.trim()).map((p) => {
            const [from = '', to = ''] = p.split(/[=＝]/);
            return { from: from.trim(), to: to.trim() };
          }),
          update: values.update || undefined,
          stationKind: values['station-kind'] === '农村' ? 'rural_station' : values['station-kind'] === '社区' ? 'community_station' : values['station-kind'],
          effectiveOn: values['effective-on'],
        });
        if (!parsedOptions.success) {
          err(`参数错误：${parsedOptions.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('；')}`);
          return 2;
        }
        return await withCore(dbPath, async (core) => {
          let lastShown = 0;
          const report = await runImport(core.ctx, spec, { fileName: path.basename(file), bytes }, {
            options: parsedOptions.data,
            dryRun: values['dry-run'],
            // Rows are counted as they are read, so the total is known only at the end.
            onProgress: (done) => {
              if (done - lastShown >= 5000) {
                lastShown = done;
                err(`  已处理 ${done} 行…`);
              }
            },
          });
          if (report.sheet !== null) out(`工作表：${report.sheet}${report.sheets.length > 1 ? `（共 ${report.sheets.join('、')}）` : ''}`);
          out(`表头：第 ${report.headerRows.join('、')} 行${report.fileDay ? `；统计日期：${report.fileDay}` : ''}`);
          out(`列对应：${report.mapping.map((m) => `${m.context ? `${m.context}›` : ''}${m.fileColumn}→${m.target ?? (m.how === 'skipped' ? '跳过' : '不导入')}`).join('，')}`);
          for (const s of report.skipped) out(`  第 ${s.row} 行：${s.reason}`);
          if (report.unmappedWithData.length) err(`注意：以下列有数据但不导入：${report.unmappedWithData.join('、')}（用 --map '列名=模板列' 指定）`);
          for (const c of report.changes) {
            if (c.action === 'update') out(`  第 ${c.row} 行 更新：${c.fields.map((f) => `${f.column} ${f.before || '空'} → ${f.after || '空'}`).join('；')}`);
          }
          out(`${spec.title}导入：读取 ${report.rowsRead} 行，通过 ${report.rowsAccepted} 行，错误 ${report.rowsRejected} 行${report.encoding ? `（编码 ${report.encoding}）` : ''}`);
          for (const e of report.errors) err(`  第 ${e.row} 行${e.column ? `【${e.column}】` : ''}：${e.message}`);
          if (report.committed) out(`已写入数据库：${dbPath}`);
          else if (report.dryRun && report.rowsRejected === 0) out('试运行（--dry-run）：校验通过，未写入任何数据');
          else out('存在错误行，未写入任何数据');
          return report.rowsRejected > 0 ? 1 : 0;
        });
      }
      case 'export': {
        const [what] = rest;
        if (what === 'subsidy') {
          const facility = rest[1];
          if (!facility || !values.month || !values.out) {
            err('用法：export subsidy <机构名称或编号> --month <YYYY-MM> --out <文件>');
            return 2;
          }
          return await withCore(dbPath, async (core) => {
            const found = core.ctx.sqlite.prepare('SELECT id FROM facilities WHERE id = ? OR name = ?').pluck().get(facility, facility) as string | undefined;
            if (!found) {
              err(`机构不存在：${facility}`);
              return 1;
            }
            const r = await core.dispatch('subsidy.export', { facilityId: found, month: values.month! });
            return saveOutput(r, values.out!, (target) => `已导出 ${facility} ${values.month} 的运营补贴测算表到 ${target}`, out, err);
          });
        }
        const usage = '用法：export indicators --as-of <YYYY-MM-DD> --format xlsx|csv --out <文件> [--level district|street]';
        if (what !== 'indicators' || !values.out || !values['as-of']) {
          err(usage);
          return 2;
        }
        const format = values.format ?? path.extname(values.out).slice(1).toLowerCase();
        const level = values.level ?? 'district';
        return await withCore(dbPath, async (core) => {
          const r = await core.dispatch('exports.indicators', { asOf: values['as-of']!, format: format as 'xlsx', level: level as 'district' });
          return saveOutput(r, values.out!, (target) => `已导出 ${values['as-of']} 的指标到 ${target}`, out, err);
        });
      }
      case 'exchange': {
        const [action, ...args] = rest;
        if (action === 'export' && args.length && values.out) {
          return await withCore(dbPath, async (core) => {
            const ids: string[] = [];
            for (const a of args) {
              const found = core.ctx.sqlite.prepare('SELECT id FROM facilities WHERE id = ? OR name = ?').pluck().get(a, a) as string | undefined;
              if (!found) {
                err(`机构不存在：${a}`);
                return 1;
              }
              ids.push(found);
            }
            const r = await core.dispatch('exchange.export', { facilityIds: ids, ...(values.passphrase ? { passphrase: values.passphrase } : {}) });
            const to = r.ok ? (r.data as { encryptedTo: string | null }).encryptedTo : null;
            return saveOutput(r, values.out!, (target) => `已导出 ${ids.length} 个机构的交换包到 ${target}（${to ? `加密给密钥 ${to}` : '用口令加密'}）`, out, err);
          });
        }
        if (action === 'import' && args.length === 1) {
          const file = args[0]!;
          if (!fs.existsSync(file)) {
            err(`文件不存在：${file}`);
            return 2;
          }
          const upload = { fileName: path.basename(file), dataBase64: fs.readFileSync(file).toString('base64') };
          return await withCore(dbPath, async (core) => {
            // One merge: the import itself reports what it wrote, or on a conflict what it would have.
            const r = await core.dispatch(values['dry-run'] ? 'exchange.preview' : 'exchange.apply', {
              file: upload,
              ...(values.passphrase ? { passphrase: values.passphrase } : {}),
              acceptNewKey: values['accept-new-key'],
              allowUnsigned: values['allow-unsigned'],
            });
            if (!r.ok && r.error.code !== 'EXCHANGE_CONFLICT' && r.error.code !== 'EXCHANGE_NOT_OWNED') {
              err(`无法导入：${r.error.message}`);
              return 1;
            }
            const report = r.ok ? (r.data as ExchangeReport) : (r.error.details as { report: ExchangeReport }).report;
            out(`交换包：${report.facilities.map((f) => f.name).join('、')}（生成于 ${beijingTime(report.createdAt)}）`);
            if (report.sender) out(`  发送方：${senderLine(report.sender)}`);
            for (const t of report.tables.filter((x) => x.inPackage || x.localOnly)) {
              out(`  ${t.title}：交换包中 ${t.inPackage}，新增 ${t.added}，更新 ${t.updated}，相同 ${t.unchanged}，保留本机 ${t.kept}，本机另有 ${t.localOnly}`);
            }
            if (report.problems.length) {
              for (const p of report.problems) err(`  冲突：${p.title}“${p.label}”：${p.message}`);
              out('存在冲突，未写入任何数据');
              return 1;
            }
            out(report.applied ? `已写入数据库：${dbPath}` : '试运行（--dry-run）：未写入任何数据');
            return 0;
          });
        }
        err('用法：exchange export <机构名称或编号>... --out <文件> [--passphrase <口令>] | exchange import <文件> [--dry-run] [--passphrase <口令>] [--accept-new-key] [--allow-unsigned]');
        return 2;
      }
      case 'precount': {
        const asOf = values['as-of'];
        const checked = asOf === undefined ? null : isoDate.safeParse(asOf);
        if (checked && !checked.success) {
          err(`--as-of ${asOf}：${checked.error.issues[0]!.message}`);
          err('用法：precount [--as-of <YYYY-MM-DD>]');
          return 2;
        }
        return await withCore(dbPath, async (core) => {
          const dates = asOf ? [asOf] : checkpointDates(todayIn(core.ctx.now()));
          let shown = '';
          const { districtsCounted } = await buildCheckpoints(core.ctx.db, dates, {
            // Nothing else waits on this process: a date with many districts to count is counted at once.
            wholeDate: async (d) => {
              const seq = await changeSeq(core.ctx.db);
              return { counts: (await loadAreaCounts(core.ctx.db, d, 'district', core.ctx.counting.fast)).counts, seq };
            },
            progress: (p) => {
              if (p.asOf === shown) return;
              shown = p.asOf;
              err(`  统计 ${p.asOf}（第 ${p.datesDone + 1}/${p.dates} 个日期，${p.districts} 个区待统计）…`);
            },
          });
          out(`已存档 ${dates.length} 个日期的指标：本次统计 ${districtsCounted} 个区·日期，其余已存档且无变更（当前状态的日期不存档）`);
          return 0;
        });
      }
      case 'backup': {
        if (!values.out) {
          err('用法：backup --out <文件>');
          return 2;
        }
        return await withCore(dbPath, async (core) => {
          const result = await backupTo(core.ctx, path.resolve(values.out!));
          out(`已备份到 ${result.path}（${result.bytes} 字节）`);
          return 0;
        });
      }
      case 'call': {
        const [channel] = rest;
        if (!channel || (values.input !== undefined && values['input-file'] !== undefined)) {
          err("用法：call <请求类型> [--input '<JSON>' | --input-file <文件>]");
          return 2;
        }
        let input: unknown = {};
        try {
          const text = values['input-file'] !== undefined ? fs.readFileSync(values['input-file'], 'utf8') : values.input;
          if (text !== undefined) input = JSON.parse(text);
        } catch (e) {
          err(`输入不是有效的 JSON：${(e as Error).message}`);
          return 2;
        }
        return await withCore(dbPath, async (core) => {
          const result = await core.dispatch(channel, input);
          out(JSON.stringify(result, null, 2));
          return result.ok ? 0 : 1;
        });
      }
      case 'users':
        return await withCore(dbPath, (core) => usersCommand(core, rest, values, out, err));
      case 'audit': {
        const [action] = rest;
        if (action === 'verify') {
          return await withCore(dbPath, async (core) => {
            const r = await core.dispatch('audit.verify', {});
            if (!r.ok) {
              err(r.error.message);
              return 1;
            }
            const v = r.data as { entries: number; firstBroken: { seq: number; id: string; at: string; reason: string } | null };
            if (!v.firstBroken) {
              out(`审计日志完整：共 ${v.entries} 条，哈希链无断裂`);
              return 0;
            }
            out(`审计日志的哈希链在第 ${v.firstBroken.seq} 条（${beijingTime(v.firstBroken.at)}，编号 ${v.firstBroken.id}）处断裂：${v.firstBroken.reason}`);
            return 1;
          });
        }
        if (action === 'export' && values.out) {
          return await withCore(dbPath, async (core) => {
            const r = await core.dispatch('audit.export', {});
            if (!r.ok) return err(r.error.message), 1;
            const target = path.resolve(values.out!);
            fs.writeFileSync(target, Buffer.from((r.data as FilePayload).dataBase64, 'base64'), { mode: 0o600 });
            const rows = { length: Number(core.ctx.sqlite.prepare('SELECT count(*) FROM audit_log').pluck().get()) };
            out(`已导出 ${rows.length} 条审计日志到 ${target}`);
            return 0;
          });
        }
        err('用法：audit verify | audit export --out <文件.csv>');
        return 2;
      }
      default:
        err(`未知命令：${command}\n`);
        err(HELP);
        return 2;
    }
  } catch (e) {
    const known = e instanceof AppError ? e : sqliteFault(e, dbPath);
    if (known) {
      err(`错误 [${known.code}]：${known.message}`);
      return 1;
    }
    err(`内部错误：${(e as Error).message ?? String(e)}`);
    if (process.env.CAREBEDS_DEBUG) err((e as Error).stack ?? '');
    return 1;
  }
}

type CliValues = { role?: string; all?: boolean; district?: string; facility?: string; 'password-file'?: string; reason?: string };

/** A password from --password-file (its first line), or typed at a prompt that does not echo it. */
async function readPassword(values: CliValues, prompt: string): Promise<string> {
  if (values['password-file']) return fs.readFileSync(values['password-file'], 'utf8').split(/\r?\n/)[0] ?? '';
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  const muted = rl as unknown as { _writeToOutput: (s: string) => void };
  return new Promise((resolve) => {
    process.stderr.write(prompt);
    muted._writeToOutput = () => {};
    rl.question('', (answer) => {
      rl.close();
      process.stderr.write('\n');
      resolve(answer);
    });
  });
}

/** The grant the options describe (--role with --all, --district or --facility), or an error message. */
function grantFrom(core: Core, values: CliValues): Grant | string | null {
  if (!values.role) return null;
  if (!(ROLE_KEYS as readonly string[]).includes(values.role)) return `未知的角色：${values.role}（可选：${ROLE_KEYS.join('、')}）`;
  const role = values.role as Role;
  const list = (v: string) => v.split(/[,，、]/).map((x) => x.trim()).filter(Boolean);
  if (values.district) return { role, scope: { kind: 'district', codes: list(values.district) } };
  if (values.facility) {
    const ids: string[] = [];
    for (const a of list(values.facility)) {
      const found = core.ctx.sqlite.prepare('SELECT id FROM facilities WHERE id = ? OR name = ?').pluck().get(a, a) as string | undefined;
      if (!found) return `机构不存在：${a}`;
      ids.push(found);
    }
    return { role, scope: { kind: 'facility', ids } };
  }
  return { role, scope: { kind: 'all' } };
}

function describe(a: AccountRow): string {
  const grants = a.grants
    .map((g) => `${ROLE_LABELS[g.role]}${g.scope.kind === 'all' ? '（全部）' : g.scope.kind === 'district' ? `（区 ${g.scope.codes.join('、')}）` : `（机构 ${g.scope.ids.length} 个）`}`)
    .join('；');
  const state = a.disabled ? '已停用' : a.lockedUntil && Date.parse(a.lockedUntil) > Date.now() ? `锁定至 ${beijingTime(a.lockedUntil)}` : '正常';
  return `${a.name}\t${grants || '（无角色）'}\t${state}\t密码设置于 ${beijingTime(a.passwordSetAt)}`;
}

async function usersCommand(core: Core, args: string[], values: CliValues, out: Out, err: Out): Promise<number> {
  const [action, name] = args;
  const show = (r: Result<unknown>, said: string) => {
    if (!r.ok) {
      err(`失败：${r.error.message}`);
      return 1;
    }
    out(`${said}：${describe(r.data as AccountRow)}`);
    return 0;
  };
  const idOf = (n: string) => core.ctx.sqlite.prepare('SELECT id FROM accounts WHERE name = ? COLLATE NOCASE').pluck().get(n) as string | undefined;
  if (action === 'list') {
    const r = await core.dispatch('accounts.list', { limit: 500 });
    if (!r.ok) return err(r.error.message), 1;
    const rows = (r.data as { rows: AccountRow[] }).rows;
    if (rows.length === 0) out('尚无账户');
    for (const a of rows) out(describe(a));
    return 0;
  }
  if (!name || !['add', 'grant', 'disable', 'enable', 'reset-password'].includes(action ?? '')) {
    err('用法：users list | users add <账户名> [授权] | users grant <账户名> [授权] | users disable|enable <账户名> --reason <原因> | users reset-password <账户名>');
    return 2;
  }
  const grant = grantFrom(core, values);
  if (typeof grant === 'string') return err(grant), 2;
  if (action === 'add') {
    const password = await readPassword(values, `账户 ${name} 的密码：`);
    return show(await core.dispatch('accounts.create', { name, password, grants: grant ? [grant] : [] }), '已新建账户');
  }
  const id = idOf(name);
  if (!id) return err(`账户不存在：${name}`), 1;
  if (action === 'grant') {
    if (!grant) return err('请用 --role 指定角色'), 2;
    return show(await core.dispatch('accounts.setGrants', { id, grants: [grant] }), '已设置角色');
  }
  if (action === 'disable' || action === 'enable') {
    if (!values.reason) return err('请用 --reason 说明原因'), 2;
    return show(await core.dispatch('accounts.setDisabled', { id, disabled: action === 'disable', reason: values.reason }), action === 'disable' ? '已停用' : '已启用');
  }
  const password = await readPassword(values, `账户 ${name} 的新密码：`);
  return show(await core.dispatch('accounts.resetPassword', { id, password }), '已重置密码（下次登录须修改）');
}

/**
 * `check`: opens the file read-only and changes nothing — not even a migration — so it can be run on
 * a suspect file, or one the app has open. Says in Chinese what was found; never a stack trace.
 */
function checkDatabase(dbPath: string, out: Out, err: Out): number {
  if (!fs.existsSync(dbPath)) {
    err(`数据库不存在：${dbPath}`);
    return 1;
  }
  out(`数据库：${dbPath}`);
  let sqlite: Sqlite | null = null;
  try {
    sqlite = openSqlite(dbPath, { readonly: true });
    const { pending, unknown, current } = pendingMigrations(sqlite);
    const latest = Object.keys(MIGRATIONS).sort().at(-1)!;
    const integrity = (sqlite.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
    const fk = sqlite.pragma('foreign_key_check') as unknown[];
    const version = unknown.length
      ? `比本软件新（含未知的结构版本 ${unknown.join('、')}），请升级软件`
      : pending.length
        ? `需要升级（${pending.length} 个结构变更待执行，应用打开时自动升级并先行备份）`
        : '与本软件一致';
    out(`结构版本：${current ?? '无'}（本软件：${latest}）：${version}`);
    out(`完整性检查：${integrity.length === 1 && integrity[0] === 'ok' ? '通过' : `发现 ${integrity.length} 处问题：${integrity.slice(0, 5).join('；')}`}`);
    out(`外键检查：${fk.length === 0 ? '通过' : `${fk.length} 处违反`}`);
    if (integrity.length !== 1 || integrity[0] !== 'ok') {
      out(`结论：数据库文件已损坏。${damagedAdvice(dbPath)}`);
      return 1;
    }
    if (fk.length > 0) {
      out('结论：数据之间的关联有误，请用最近的备份恢复并联系技术支持');
      return 1;
    }
    out(unknown.length ? '结论：文件完好，但须用更新版本的 CareBeds 打开' : '结论：正常');
    return unknown.length ? 1 : 0;
  } catch (e) {
    const fault = sqliteFault(e, dbPath);
    if (fault?.code === 'DATABASE_DAMAGED') out(`结论：数据库文件已损坏。${damagedAdvice(dbPath)}`);
    else err(`无法检查：${fault?.message ?? (e as Error).message}`);
    return 1;
  } finally {
    sqlite?.close();
  }
}

function damagedAdvice(dbPath: string): string {
  const backup = newestBackup(dbPath);
  return backup ? `最近的备份：${backup}，请用它恢复并联系技术支持` : '未找到本机的备份，请联系技术支持';
}

if (require.main === module) {
  runCli(process.argv.slice(2)).then((code) => process.exit(code));
}

/** The sender's key as the preview states it. */
function senderLine(sender: ExchangeSender): string {
  switch (sender.keyStatus) {
    case 'unsigned':
      return '旧版未签名交换包，无法确认发送方';
    case 'own':
      return `本机自己的密钥 ${sender.fingerprint}`;
    case 'new':
      return `密钥指纹 ${sender.fingerprint}（首次见到，导入后记住为这些机构的发送方）`;
    case 'pinned':
      return `密钥指纹 ${sender.fingerprint}（与本机记住的一致）`;
    case 'changed':
      return `密钥指纹 ${sender.fingerprint}（与本机记住的 ${sender.pinnedFingerprint ?? ''} 不同）`;
  }
}
