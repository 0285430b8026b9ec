import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { seedDemo } from '../src/cli/seed-demo.js';
import { type Db, migrateToLatest, openDatabase } from '../src/db/kysely.js';
import { type App, buildApp, projectRoot } from '../src/server/app.js';
import { type Clock, systemClock } from '../src/server/lib/context.js';
import { demoSqliteFile } from '../src/test-support/demo-db.js';

/** Screenshots of every journey, kept for a person to look at (git-ignored). */
export const shotsDir = path.join(projectRoot, 'artifacts/e2e');

export interface Served {
  app: App;
  db: Db;
  baseUrl: string;
  browser: Browser;
  /** The server's clock; a journey on a fixed day gives every new browser context the same time. */
  clock: Clock;
  fixedDay: boolean;
  close(): Promise<void>;
}

/**
 * Serves the built web app on a fresh SQLite database with the demo organisation, on a free
 * port, and starts Debian's Chromium (Playwright's own browsers cannot be downloaded here).
 * `today` seeds the demo as of that day; `clock` is the server's clock (a journey that closes a
 * quarter runs after the quarter's end); `evaluation: false` skips the demo's joint evaluation.
 * On a fixed day (`today` or `clock` given) every page {@link newPage} opens starts with the
 * server's time, so browser and server agree on the day.
 */
export async function serveDemo(
  opts: { today?: string; clock?: Clock; evaluation?: boolean } = {},
): Promise<Served> {
  if (!fs.existsSync(path.join(projectRoot, 'dist/web/index.html'))) {
    throw new Error('dist/web is missing: run `npm run build` first (npm test does)');
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaohe-e2e-'));
  const handle = await demoDatabase(path.join(dir, 'e2e.db'), opts);
  const clock = opts.clock ?? systemClock;
  const app = await buildApp({
    deps: { db: handle.db, dialect: handle.dialect, clock, dataDir: dir },
    config: {
      sessionSecret: 'e2e-secret-e2e-secret-e2e-secret-0123456',
      trustProxy: false,
      maxUploadBytes: 20 * 1024 * 1024,
    },
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const browser = await chromium.launch({
    executablePath: process.env.KAOHE_CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  fs.mkdirSync(shotsDir, { recursive: true });
  return {
    app,
    db: handle.db,
    baseUrl: `http://127.0.0.1:${port}`,
    browser,
    clock,
    fixedDay: opts.today !== undefined || opts.clock !== undefined,
    async close() {
      await browser.close();
      await app.close();
      await handle.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A migrated database with the demo seeded as `opts` asks. Seeding the demo takes seconds; the
 * run's journeys (and SQLite integration files) that ask for the same demo (the same day and
 * options) each get a copy of the first one's database (`src/test-support/demo-db.ts`, in the
 * run's `KAOHE_DEMO_CACHE` folder).
 */
async function demoDatabase(file: string, opts: { today?: string; evaluation?: boolean }) {
  const seeded = await demoSqliteFile(opts);
  if (seeded) {
    fs.copyFileSync(seeded.file, file);
    return openDatabase(file);
  }
  const handle = openDatabase(file);
  await migrateToLatest(handle.db);
  await seedDemo(handle.db, {
    ...(opts.today ? { today: opts.today } : {}),
    ...(opts.evaluation === false ? { evaluation: false } : {}),
  });
  return handle;
}

/**
 * A fresh browser context and page. On a fixed day the browser's clock starts at the server's
 * time and runs on from there; `browserTime` sets it elsewhere instead (a browser whose clock
 * is wrong must still work on the server's day).
 */
export async function newPage(
  s: Served,
  viewport = { width: 1440, height: 900 },
  opts: { browserTime?: Date } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await s.browser.newContext({ viewport, locale: 'zh-CN', baseURL: s.baseUrl });
  const time = opts.browserTime ?? (s.fixedDay ? s.clock.now() : undefined);
  if (time) await context.clock.install({ time });
  const page = await context.newPage();
  return { context, page };
}

/** Logs in through the login form, as a person does. */
export async function loginThroughForm(page: Page, account: string, password: string) {
  await page.goto('/login');
  await page.getByLabel('账号').fill(account);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

/** A server clock a journey moves by hand: `at` is the instant, 10:00 in Beijing unless told. */
export function journeyClock(day: string, time = '02:00:00.000Z') {
  const clock = {
    at: new Date(`${day}T${time}`),
    now: () => clock.at,
    /** Moves the server to `day`; pages opened from now on start there too. */
    set(next: string, at = time) {
      clock.at = new Date(`${next}T${at}`);
    },
  };
  return clock;
}

export async function shot(page: Page, name: string) {
  await page.screenshot({ path: path.join(shotsDir, `${name}.png`), fullPage: true });
}
