/// <reference lib="dom" />
// `npm run bench:ui -- --scale beijing|national [--runs 5] [--only step,step] [--fresh]`: what users feel.
// Chromium drives the built app in browser mode (the same host `npm run serve` starts) on a working copy
// of the benchmark file (bench/data/<scale>-ui.sqlite: migrated and its past dates stored once, as on a
// user's PC after the first start; --fresh copies it again) and times each interaction from the input event to its content on screen. Every figure is
// taken in the page: the input's own timestamp (a capture listener) to the frame after a MutationObserver
// sees the content, never a sleep. Each step splits into server (the core's own time, from the host's
// Server-Timing header), transfer (the rest of the time requests and lazy chunks were in flight) and render
// (the page's own work: JSON parse, React, layout), with the long tasks seen in the step.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { chromium, type Browser, type Page } from '@playwright/test';

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: 'beijing' },
    runs: { type: 'string', default: '5' },
    only: { type: 'string' },
    fresh: { type: 'boolean', default: false },
    // Another checkout of the app (an earlier commit) to time against the same file, for before/after.
    app: { type: 'string' },
  },
});
const scale = values.scale!;
const runs = Math.max(1, Number(values.runs));
const only = values.only ? new Set(values.only.split(',')) : null;
const source = path.resolve('bench/data', `${scale}.sqlite`);
if (!fs.existsSync(source)) {
  console.error(`没有 ${source}：先运行 npm run bench:gen -- --scale ${scale}`);
  process.exit(1);
}

const BENCH_ACCOUNT = { name: 'bench', password: 'Bench#2026pass' };
/** The account the bench works as: 系统管理员, 区级民政 and 机构管理员 over everything (every page it times). */
const WORK_ACCOUNT = { name: 'bench-work', password: 'Bench#2026pass' };
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** What the page reports for one timed step (all times in ms on the page's clock). */
interface Sample {
  total: number;
  server: number;
  transfer: number;
  render: number;
  longTasks: number;
  requests: number;
  bytes: number;
}

/** When the content counts as on screen: the element exists, has a box, and its text matches. */
interface Want {
  selector: string;
  text?: string;
  notText?: string;
}

// Installed before any page script: waits for a quiet page, records the input event's timestamp once
// armed, watches the DOM for the wanted content, then waits one frame (the content is painted) and splits
// the interval.
const PAGE_PROBE = () => {
  type W = { selector: string; text?: string; notText?: string };
  const longTasks: { start: number; end: number }[] = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) longTasks.push({ start: e.startTime, end: e.startTime + e.duration });
    }).observe({ type: 'longtask' as PerformanceObserverInit['type'], buffered: true });
  } catch {
    /* no long-task timing in this browser */
  }
  // Requests in flight, so that a step starts on a quiet page (the previous step's late work, such as
  // charts drawn after their table, is not billed to the next one).
  let inFlight = 0;
  const pageFetch = window.fetch.bind(window);
  window.fetch = (...args: Parameters<typeof fetch>) => {
    inFlight++;
    return pageFetch(...args).finally(() => inFlight--);
  };
  const seen = (w: W) => {
    const el = document.querySelector(w.selector);
    if (!el) return false;
    const box = el.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) return false;
    const text = el.textContent ?? '';
    if (w.text !== undefined && !text.includes(w.text)) return false;
    if (w.notText !== undefined && text.includes(w.notText)) return false;
    return true;
  };
  const union = (spans: { start: number; end: number }[]) => {
    let total = 0;
    let end = -Infinity;
    for (const s of [...spans].sort((a, b) => a.start - b.start)) {
      if (s.end <= end) continue;
      total += s.end - Math.max(s.start, end);
      end = s.end;
    }
    return total;
  };
  const split = (from: number, to: number) => {
    const entries = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).filter((e) => e.startTime >= from - 1 && e.responseEnd <= to + 1);
    let server = 0;
    let bytes = 0;
    for (const e of entries) {
      for (const t of e.serverTiming ?? []) {
        if (t.name === 'core') server += t.duration;
        if (t.name === 'bytes') bytes += Number(t.description) || 0;
      }
    }
    const inFlight = union(entries.map((e) => ({ start: e.startTime, end: e.responseEnd })));
    const long = longTasks.filter((t) => t.start >= from && t.start < to).reduce((n, t) => n + (t.end - t.start), 0);
    const total = to - from;
    return { total, server, transfer: Math.max(0, inFlight - server), render: Math.max(0, total - inFlight), longTasks: long, requests: entries.length, bytes };
  };
  const watch = (w: W, from: () => number | null) =>
    new Promise<ReturnType<typeof split>>((resolve) => {
      let done = false;
      const check = () => {
        if (done || from() === null || !seen(w)) return;
        done = true;
        observer.disconnect();
        // The frame after the DOM change is the one that shows it.
        requestAnimationFrame(() => setTimeout(() => resolve(split(from()!, performance.now())), 0));
      };
      const observer = new MutationObserver(check);
      observer.observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
      check();
    });
  const bench = {
    /** First screen (an address with ?bench-first): from the navigation's start (time 0) to the first rows. */
    first: location.search.includes('bench-first') ? watch({ selector: '[data-testid="facility-table"] tbody tr' }, () => 0) : null,
    /** Arms for the next input (pointer, key or input event) or an explicit start; resolves on the content. */
    arm(w: W) {
      let from: number | null = null;
      const onInput = (e: Event) => {
        if (from === null) from = e.timeStamp;
      };
      for (const type of ['pointerdown', 'keydown', 'input']) window.addEventListener(type, onInput, { capture: true, once: true });
      bench.pending = watch(w, () => from);
      bench.start = () => {
        if (from === null) from = performance.now();
      };
    },
    start: () => {},
    /** Resolves once the page has been quiet (no request, no new resource, no long task) for a moment. */
    async settle() {
      const until = performance.now() + 15_000;
      for (;;) {
        const resources = performance.getEntriesByType('resource').length;
        const tasks = longTasks.length;
        await new Promise((r) => setTimeout(r, 200));
        await new Promise((r) => requestIdleCallback(r, { timeout: 1_000 }));
        const quiet = inFlight === 0 && resources === performance.getEntriesByType('resource').length && tasks === longTasks.length;
        if (quiet || performance.now() > until) return;
      }
    },
    pending: null as Promise<ReturnType<typeof split>> | null,
  };
  (window as unknown as { __bench: typeof bench }).__bench = bench;
};

interface Fixtures {
  largest: { id: string; name: string };
  facilitySearch: string;
  elderSearch: string;
  storedDate: string | null;
  unstoredDates: string[];
}

async function startServer(dbPath: string): Promise<{ url: string; proc: ChildProcess }> {
  // Its own process group: serve.mjs starts the host as a child, and both must stop with the bench.
  const proc = spawn('node', ['scripts/serve.mjs', '--db', dbPath, '--port', '0'], { cwd: values.app ? path.resolve(values.app) : undefined, stdio: ['ignore', 'pipe', 'inherit'], detached: true });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    proc.stdout!.on('data', (chunk: Buffer) => {
      if (out.length > 100_000) return;
      out += chunk.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (m) resolve(m[1]!);
    });
    proc.on('exit', (code) => reject(new Error(`浏览器模式未能启动（退出码 ${code}）：${out}`)));
  });
  return { url, proc };
}

async function rpc<T>(page: Page, channel: string, input: unknown): Promise<{ ok: boolean; data?: T; error?: { code: string; message: string } }> {
  return page.evaluate(
    async ([c, i]): Promise<{ ok: boolean; data?: T; error?: { code: string; message: string } }> => {
      const res = await fetch(`./rpc/${c}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(i) });
      return res.ok ? res.json() : { ok: false, error: { code: `HTTP_${res.status}`, message: res.statusText } };
    },
    [channel, input] as const,
  );
}

/** With accounts (auth.me exists and says nobody is signed in): sets up or signs in the bench account. */
async function signIn(page: Page): Promise<void> {
  const me = await rpc<Record<string, unknown> | null>(page, 'auth.me', {});
  if (!me.ok && (me.error?.code === 'UNKNOWN_CHANNEL' || me.error?.code === 'HTTP_404')) return;
  const d = me.ok ? me.data : null;
  const account = d?.account as { name?: string } | null | undefined;
  if (d?.signedIn === true && account?.name === WORK_ACCOUNT.name) return;
  if ((await rpc(page, 'auth.login', WORK_ACCOUNT)).ok) return;
  // The first account is a 系统管理员 only (no indicators, beds or full elder records): it sets up an
  // account that also holds the business roles over everything, which the bench then works as.
  await rpc(page, 'auth.setup', BENCH_ACCOUNT);
  const login = await rpc(page, 'auth.login', BENCH_ACCOUNT);
  if (!login.ok) throw new Error(`无法登录基准账户 bench：${login.error?.message}`);
  const grants = [
    { role: 'sysadmin', scope: { kind: 'all' } },
    { role: 'district', scope: { kind: 'all' } },
    { role: 'facility_admin', scope: { kind: 'all' } },
  ];
  const created = await rpc(page, 'accounts.create', { ...WORK_ACCOUNT, grants });
  if (!created.ok) throw new Error(`无法新建基准账户 ${WORK_ACCOUNT.name}：${created.error?.message}`);
  const work = await rpc(page, 'auth.login', WORK_ACCOUNT);
  if (!work.ok) throw new Error(`无法登录基准账户 ${WORK_ACCOUNT.name}：${work.error?.message}`);
}

/** A valid citizen ID number (GB 11643 check digit) for an elder the bench registers. */
function idNumber(seed: number): string {
  const birth = new Date(Date.UTC(1936, 0, 1) + (seed % 3000) * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '');
  const body = `110119${birth}${String(Math.floor(Math.random() * 1000)).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((n, d, i) => n + Number(d) * weights[i]!, 0);
  return body + '10X98765432'[sum % 11];
}

function readFixtures(dbPath: string, today: string, stored: string[]): Fixtures {
  const db = new Database(dbPath, { readonly: true });
  try {
    const largest = db
      .prepare(
        `SELECT f.id, f.name FROM facilities f JOIN beds b ON b.facility_id = f.id AND b.retired_on IS NULL
         WHERE f.kind = 'institution' AND f.status = 'operating' GROUP BY f.id ORDER BY count(*) DESC LIMIT 1`,
      )
      .get() as { id: string; name: string };
    // A name far down the list, so that the first page never already shows it.
    const facility = db.prepare(`SELECT name FROM facilities WHERE kind = 'institution' ORDER BY name DESC LIMIT 1 OFFSET 3`).get() as { name: string };
    const elder = db.prepare(`SELECT name FROM elders ORDER BY name DESC, id LIMIT 1 OFFSET 200`).get() as { name: string };
    const storedSet = new Set(stored);
    const unstored: string[] = [];
    // Past dates not in the store, one per run (counting a date stores it): the 13th of each month, going back.
    const y = Number(today.slice(0, 4));
    for (let year = y - 1; year >= y - 20 && unstored.length < runs; year--) {
      for (let month = 12; month >= 1 && unstored.length < runs; month--) {
        const d = `${year}-${String(month).padStart(2, '0')}-13`;
        if (!storedSet.has(d)) unstored.push(d);
      }
    }
    return { largest, facilitySearch: facility.name, elderSearch: elder.name, storedDate: stored[0] ?? null, unstoredDates: unstored };
  } finally {
    db.close();
  }
}

type Action = (page: Page) => Promise<void>;

/** Arms the probe, performs the input, waits for the content; one sample. */
async function timed(page: Page, want: Want, act: Action, timeoutMs = 60_000): Promise<Sample> {
  await page.evaluate(() => (window as unknown as { __bench: { settle(): Promise<void> } }).__bench.settle());
  await page.evaluate((w) => (window as unknown as { __bench: { arm(w: Want): void } }).__bench.arm(w), want);
  await act(page);
  return page.evaluate(
    (ms) =>
      Promise.race([
        (window as unknown as { __bench: { pending: Promise<Sample> } }).__bench.pending,
        new Promise<Sample>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms)),
      ]),
    timeoutMs,
  );
}

/** Navigation by address (a link elsewhere in the app): the start is the moment the hash changes. */
function goHash(hash: string): Action {
  return (page) =>
    page.evaluate((h) => {
      (window as unknown as { __bench: { start(): void } }).__bench.start();
      window.location.hash = h;
    }, hash);
}

const nav = (label: string): Action => (page) => page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: label, exact: true }).click();
const rows = (table: string) => `[data-testid="${table}"] tbody tr`;

const samples = new Map<string, Sample[]>();
function record(step: string, s: Sample) {
  if (!samples.has(step)) samples.set(step, []);
  samples.get(step)!.push(s);
}
const wanted = (step: string) => !only || only.has(step);

async function oneRun(browser: Browser, url: string, fx: Fixtures, run: number) {
  // A fresh context each run: an empty cache, as after starting the app.
  const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1400, height: 900 } });
  // tsx names functions with a helper the page lacks; the probe brings a stand-in.
  await context.addInitScript({ content: `var __name = (f) => f; (${PAGE_PROBE.toString()})();` });
  const page = await context.newPage();
  await page.goto(`${url}#/settings`);
  await signIn(page);

  const step = async (name: string, want: Want, act: Action, timeoutMs?: number) => {
    if (!wanted(name)) {
      await act(page);
      await page.locator(want.selector).first().waitFor({ timeout: timeoutMs ?? 60_000 });
      return;
    }
    // BENCH_UI_PROFILE=<step> writes the page's CPU profile of that step (first run) beside the bench's output.
    const profile = process.env.BENCH_UI_PROFILE === name && run === 0 ? await context.newCDPSession(page) : null;
    if (profile) {
      await profile.send('Profiler.enable');
      await profile.send('Profiler.start');
    }
    try {
      record(name, await timed(page, want, act, timeoutMs));
      if (profile) {
        const { profile: cpu } = await profile.send('Profiler.stop');
        fs.writeFileSync(`bench-ui-${name}.cpuprofile`, JSON.stringify(cpu));
      }
    } catch (err) {
      if (process.env.BENCH_UI_SHOT) await page.screenshot({ path: process.env.BENCH_UI_SHOT });
      throw new Error(`步骤 ${name} 失败：${(err as Error).message}`);
    }
  };

  // First screen: a new page, from navigation start to the facility list's first rows.
  {
    const first = await context.newPage();
    await first.goto(`${url}?bench-first=1`);
    const s = await first
      .evaluate(() =>
        Promise.race([
          (window as unknown as { __bench: { first: Promise<Sample> } }).__bench.first,
          new Promise<Sample>((_, reject) => setTimeout(() => reject(new Error('timeout')), 60_000)),
        ]),
      )
      .catch(async (err: unknown) => {
        if (process.env.BENCH_UI_SHOT) await first.screenshot({ path: process.env.BENCH_UI_SHOT });
        throw new Error(`步骤 first_screen 失败：${(err as Error).message}`);
      });
    if (wanted('first_screen')) record('first_screen', s);
    await first.close();
  }

  await page.goto(url);
  await page.locator(rows('facility-table')).first().waitFor();

  // The facilities list.
  await step('facility_search', { selector: `${rows('facility-table')}:first-child`, text: fx.facilitySearch }, (p) => p.getByRole('textbox', { name: '搜索', exact: true }).fill(fx.facilitySearch));
  await page.getByRole('textbox', { name: '搜索', exact: true }).fill('');
  await page.locator(`${rows('facility-table')}:first-child`, { hasNotText: fx.facilitySearch }).waitFor();
  await page.getByRole('combobox', { name: '机构类型', exact: true }).click();
  await step('facility_filter', { selector: `${rows('facility-table')}:first-child`, text: '农村幸福晚年驿站' }, (p) => p.getByRole('option', { name: '农村幸福晚年驿站' }).click());
  await step('facility_page', { selector: '[data-testid="facility-title"]' }, (p) => p.locator(rows('facility-table')).first().getByRole('link').click());

  // Each main page from the navigation (the first visit also loads the page's code).
  await step('nav_beds', { selector: '[role="tablist"]' }, nav('床位'));
  await step('bed_board_largest', { selector: '[data-testid="board-title"]', text: fx.largest.name }, goHash(`/beds?facility=${fx.largest.id}`));
  await step('nav_ratings', { selector: '[data-testid^="rating-district-"]' }, nav('星级评定'));
  await step('nav_areas', { selector: rows('population-table') }, nav('区划与人口'));
  await step('nav_settings', { selector: '[data-testid="indicator-options"]' }, nav('设置'));
  await step('nav_facilities', { selector: rows('facility-table') }, nav('机构与驿站'));

  // Elders: the first page, the next, a name search, one elder.
  await step('elders_first_page', { selector: rows('elder-table') }, nav('老人与入住'));
  const firstName = (await page.locator(rows('elder-table')).first().locator('td').first().textContent()) ?? '';
  await step('elders_next_page', { selector: `${rows('elder-table')}:first-child`, notText: firstName }, (p) => p.getByRole('button', { name: '下一页' }).click());
  await step('elders_search', { selector: `${rows('elder-table')}:first-child`, text: fx.elderSearch }, (p) => p.getByRole('textbox', { name: '搜索', exact: true }).fill(fx.elderSearch));
  await step('elder_open', { selector: '[data-testid="elder-placement"]' }, (p) => p.locator(rows('elder-table')).first().getByRole('link').first().click());

  // An admission (an elder the bench registers, the dialog filled in untimed): from the submit to the
  // elder's page showing the stay, then the home's board.
  if (wanted('admission')) {
    const created = await rpc<{ id: string }>(page, 'elders.create', { name: `基准老人${run + 1}`, idNumber: idNumber(Date.now() + run), hukouAreaCode: '110119' });
    if (!created.ok) throw new Error(`无法登记基准老人：${created.error?.message}`);
    await page.goto(`${url}#/elders/${created.data!.id}`);
    await page.getByTestId('elder-placement').waitFor();
    await page.getByRole('button', { name: '办理入住' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('combobox', { name: '机构', exact: true }).fill(fx.largest.name);
    await page.getByRole('option', { name: fx.largest.name, exact: true }).click();
    await dialog.getByRole('combobox', { name: '床位', exact: true }).click();
    await page.getByRole('option').first().click();
    await step('admission', { selector: '[data-testid="admission"]' }, () => dialog.getByRole('button', { name: '办理入住' }).click());
    await step('admission_board', { selector: '[data-testid="board-title"]', text: fx.largest.name }, goHash(`/beds?facility=${fx.largest.id}`));
  }

  // Steps left out with --only are still walked, as later steps depend on earlier ones; none depends on the
  // indicators, so a run wanting none of them ends here.
  if (!['indicators_today', 'indicators_drill', 'indicators_quality', 'indicators_stored_past', 'indicators_unstored_past'].some(wanted)) {
    await context.close();
    return;
  }

  // Indicators: today (the first visit loads the charts' code too), its drill-down and data-quality tab,
  // then a stored and an unstored past date.
  await step('indicators_today', { selector: rows('indicator-table') }, nav('指标与导出'), 120_000);
  await step('indicators_drill', { selector: rows('drill-table') }, (p) => p.locator('[data-testid="indicator-table"] button').first().click());
  await page.keyboard.press('Escape');
  await page.getByTestId('drill-drawer').waitFor({ state: 'detached' });
  await step('indicators_quality', { selector: '[data-testid="quality-counts"]' }, (p) => p.getByRole('tab', { name: '数据质量' }).click(), 120_000);
  await page.getByRole('tab', { name: '指标看板' }).click();
  const dateInput = page.getByLabel('统计日期');
  if (fx.storedDate) {
    await step('indicators_stored_past', { selector: `[data-as-of="${fx.storedDate}"] ${rows('indicator-table')}` }, () => dateInput.fill(fx.storedDate!), 120_000);
  }
  const unstored = fx.unstoredDates[run];
  if (unstored) {
    await step('indicators_unstored_past', { selector: `[data-as-of="${unstored}"] ${rows('indicator-table')}` }, () => dateInput.fill(unstored), 180_000);
  }

  await context.close();
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!;
};
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const r1 = (x: number) => Math.round(x * 10) / 10;

function targetOf(step: string): number {
  if (scale !== 'beijing') return 1000;
  return step === 'first_screen' || step.includes('unstored') ? 1000 : 300;
}

async function main() {
  const dbPath = path.resolve('bench/data', `${scale}-ui.sqlite`);
  if (values.fresh || !fs.existsSync(dbPath) || fs.statSync(dbPath).mtimeMs < fs.statSync(source).mtimeMs) {
    for (const ext of ['', '-wal', '-shm']) fs.rmSync(dbPath + ext, { force: true });
    fs.copyFileSync(source, dbPath);
  }
  const server = await startServer(dbPath);
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const setupContext = await browser.newContext();
    await setupContext.addInitScript({ content: 'var __name = (f) => f;' });
    const setup = await setupContext.newPage();
    await setup.goto(`${server.url}#/settings`);
    await signIn(setup);
    // The host counts past dates ahead of time 10 s after it starts; timing starts once that is done
    // (on a copy already prepared it only reads the stamps), so no step competes with it.
    const waitStart = Date.now();
    await new Promise((r) => setTimeout(r, 11_000));
    for (;;) {
      const status = await rpc<{ building: unknown }>(setup, 'indicators.checkpoints', {});
      if (!status.ok || status.data!.building === null) break;
      await new Promise((r) => setTimeout(r, 2_000));
    }
    console.log(`已等待后台预先统计完成：${((Date.now() - waitStart) / 1000).toFixed(0)} s`);
    const info = await rpc<{ today: string }>(setup, 'system.info', {});
    const checkpoints = await rpc<{ stored: { asOf: string; complete: boolean }[] }>(setup, 'indicators.checkpoints', {});
    await setupContext.close();
    const stored = (checkpoints.data?.stored ?? []).filter((s) => s.complete).map((s) => s.asOf);
    const fx = readFixtures(dbPath, info.data!.today, stored);
    console.log(`规模 ${scale}；${runs} 轮；最大的养老院 ${fx.largest.name}；已存日期 ${fx.storedDate ?? '无'}；未存日期 ${fx.unstoredDates.join('、')}`);
    for (let run = 0; run < runs; run++) {
      const t0 = Date.now();
      await oneRun(browser, server.url, fx, run);
      console.log(`第 ${run + 1} 轮完成（${((Date.now() - t0) / 1000).toFixed(1)} s）`);
    }
  } finally {
    await browser.close();
    const exited = new Promise((r) => server.proc.once('exit', r));
    process.kill(-server.proc.pid!, 'SIGTERM');
    await exited;
  }

  const steps: Record<string, { median_ms: number; p95_ms: number; server_ms: number; transfer_ms: number; render_ms: number; long_tasks_ms: number; requests: number; bytes: number; target_ms: number; runs: number }> = {};
  const pad = (s: string, n: number) => s + ' '.repeat(Math.max(0, n - s.length));
  console.log(`\n${pad('步骤', 26)}${['中位数', 'p95', '服务端', '传输', '页面', '长任务', '请求', '字节', '目标'].map((h) => pad(h, 9)).join('')}`);
  for (const [name, xs] of samples) {
    const totals = xs.map((x) => x.total);
    const med = median(totals);
    const p95 = quantile(totals, 0.95);
    const s = {
      median_ms: r1(med),
      p95_ms: r1(p95),
      server_ms: r1(median(xs.map((x) => x.server))),
      transfer_ms: r1(median(xs.map((x) => x.transfer))),
      render_ms: r1(median(xs.map((x) => x.render))),
      long_tasks_ms: r1(median(xs.map((x) => x.longTasks))),
      requests: median(xs.map((x) => x.requests)),
      bytes: median(xs.map((x) => x.bytes)),
      target_ms: targetOf(name),
      runs: xs.length,
    };
    steps[name] = s;
    const mark = s.p95_ms <= s.target_ms ? '' : '  ✗';
    console.log(pad(name, 28) + [s.median_ms, s.p95_ms, s.server_ms, s.transfer_ms, s.render_ms, s.long_tasks_ms, s.requests, s.bytes, s.target_ms].map((v) => pad(String(v), 10)).join('') + mark);
  }
  console.log(JSON.stringify({ scale, runs, app: values.app ?? '.', machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, load: os.loadavg().map(r1) }, steps }));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
