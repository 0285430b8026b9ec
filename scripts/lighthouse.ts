// `npm run lighthouse`: measures the pages a member opens on a phone. Builds the web app when
// the build is missing or older than its sources, serves it on a fresh SQLite database with the
// demo organisation, logs in as the demo member through the API and runs Lighthouse (mobile,
// its default simulated throttling) on the login page, the board and the member's points page.
// Prints performance, accessibility and bytes transferred per page (`--runs N`: the median of N
// runs by performance, with every run's score). Not part of `npm test`:
// the figures depend on the machine's load.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { chromium as playwright } from 'playwright-core';
import { seedDemo } from '../src/cli/seed-demo.js';
import { migrateToLatest, openDatabase } from '../src/db/kysely.js';
import { buildApp, projectRoot } from '../src/server/app.js';
import { systemClock } from '../src/server/lib/context.js';

const webRoot = path.join(projectRoot, 'dist/web');

/** The newest modification time of any file under `dir`. */
function newest(dir: string): number {
  let t = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return t;
}

function buildIfNeeded() {
  const sources = Math.max(
    newest(path.join(projectRoot, 'src/web')),
    newest(path.join(projectRoot, 'src/contracts')),
  );
  const built = (file: string) => fs.existsSync(file) && fs.statSync(file).mtimeMs >= sources;
  // The browser's app, and the module the server draws a phone's first screen with.
  if (built(path.join(webRoot, 'index.html')) && built(path.join(webRoot, '..', 'ssr', 'ssr.js'))) return;
  process.stdout.write('building the web app…\n');
  const r = spawnSync('npm', ['run', '--silent', 'build'], { cwd: projectRoot, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('the web build failed');
}

async function main() {
  buildIfNeeded();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaohe-lighthouse-'));
  const handle = openDatabase(path.join(dir, 'lighthouse.db'));
  await migrateToLatest(handle.db);
  await seedDemo(handle.db, {});
  const app = await buildApp({
    deps: { db: handle.db, dialect: handle.dialect, clock: systemClock, dataDir: dir },
    config: {
      sessionSecret: 'lighthouse-secret-lighthouse-secret-012',
      trustProxy: false,
      maxUploadBytes: 1 << 20,
    },
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ account: 'member', password: 'Kaohe@2026' }),
  });
  const cookie = (login.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '';
  if (!login.ok || !cookie) throw new Error(`demo member login failed: HTTP ${login.status}`);

  const chrome = await chromeLauncher.launch({
    chromePath: process.env.KAOHE_CHROMIUM ?? '/usr/bin/chromium',
    chromeFlags: [
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
  const pages: { name: string; url: string; loggedIn: boolean }[] = [
    { name: 'login', url: '/login', loggedIn: false },
    { name: 'board (member)', url: '/points/board', loggedIn: true },
    { name: "member's points", url: '/me/points', loggedIn: true },
  ];
  const rows: string[] = [];
  const runsAt = process.argv.indexOf('--runs');
  const runs = runsAt > 0 ? Math.max(1, Number(process.argv[runsAt + 1]) || 1) : 1;
  try {
    for (const p of pages) {
      // The member's session is in the browser's cookie jar, as after a login: the page and its
      // requests carry it with the cookies the app itself sets (a header added by Lighthouse
      // would give way to the jar's cookies).
      const browser = await playwright.connectOverCDP(`http://127.0.0.1:${chrome.port}`);
      const jar = browser.contexts()[0];
      if (!jar) throw new Error('no default browser context');
      if (p.loggedIn) {
        const at = cookie.indexOf('=');
        const [name, value] = [cookie.slice(0, at), cookie.slice(at + 1)];
        await jar.addCookies([{ name, value, url: base, httpOnly: true, sameSite: 'Lax' }]);
      } else await jar.clearCookies();
      await browser.close();
      // `--runs N`: N runs of the page, the one with the median performance reported.
      const results = [];
      for (let run = 0; run < runs; run++) {
        const r = await lighthouse(`${base}${p.url}`, {
          port: chrome.port,
          output: 'json',
          logLevel: 'error',
          onlyCategories: ['performance', 'accessibility'],
          // The full-page screenshot stretches the window over the whole page, which loads what
          // only a scrolling reader would (charts below the fold): measure the first screen.
          disableFullPageScreenshot: true,
        });
        if (!r) throw new Error(`lighthouse gave no result for ${p.url}`);
        results.push(r);
      }
      results.sort(
        (a, b) => (a.lhr.categories.performance?.score ?? 0) - (b.lhr.categories.performance?.score ?? 0),
      );
      const result = results[Math.floor(results.length / 2)];
      if (!result) throw new Error(`lighthouse gave no result for ${p.url}`);
      if (runs > 1)
        process.stdout.write(
          `${p.name}: performance of ${runs} runs ${results.map((r) => Math.round((r.lhr.categories.performance?.score ?? 0) * 100)).join(', ')}\n`,
        );
      const jsonDir = process.env.KAOHE_LIGHTHOUSE_JSON;
      if (jsonDir) {
        fs.mkdirSync(jsonDir, { recursive: true });
        fs.writeFileSync(
          path.join(jsonDir, `${p.url.replace(/\W+/g, '-').replace(/^-|-$/g, '') || 'root'}.json`),
          JSON.stringify(result.lhr),
        );
      }
      const { categories, audits } = result.lhr;
      const score = (k: string) => Math.round((categories[k]?.score ?? 0) * 100);
      const bytes = audits['total-byte-weight']?.numericValue ?? 0;
      const failing = Object.values(audits).filter(
        (a) =>
          a.score !== null &&
          a.score < 1 &&
          categories.accessibility?.auditRefs.some((r) => r.id === a.id && r.weight > 0),
      );
      if (process.argv.includes('--requests')) {
        const items =
          (
            audits['network-requests']?.details as
              | { items?: { url: string; transferSize?: number }[] }
              | undefined
          )?.items ?? [];
        for (const r of [...items]
          .sort((x, y) => (y.transferSize ?? 0) - (x.transferSize ?? 0))
          .slice(0, process.argv.includes('--all') ? 500 : 25))
          process.stdout.write(
            `  ${((r.transferSize ?? 0) / 1024).toFixed(1).padStart(6)} kB ${r.url.replace(base, '')}\n`,
          );
      }
      for (const a of failing) {
        const items =
          (
            a.details as
              | { items?: { node?: { snippet?: string; selector?: string; explanation?: string } }[] }
              | undefined
          )?.items ?? [];
        for (const item of items.slice(0, 3))
          process.stdout.write(
            `  ${a.id}: ${item.node?.selector ?? ''} ${item.node?.snippet ?? ''} — ${(item.node?.explanation ?? '').split('\n')[1] ?? ''}\n`,
          );
      }
      rows.push(
        `${p.name.padEnd(18)} performance ${String(score('performance')).padStart(3)}  accessibility ${String(score('accessibility')).padStart(3)}  transferred ${(bytes / 1024).toFixed(0).padStart(5)} kB` +
          `  FCP ${((audits['first-contentful-paint']?.numericValue ?? 0) / 1000).toFixed(1)} s  LCP ${((audits['largest-contentful-paint']?.numericValue ?? 0) / 1000).toFixed(1)} s` +
          `  SI ${((audits['speed-index']?.numericValue ?? 0) / 1000).toFixed(1)} s  TBT ${Math.round(audits['total-blocking-time']?.numericValue ?? 0)} ms  CLS ${(audits['cumulative-layout-shift']?.numericValue ?? 0).toFixed(3)}` +
          (failing.length ? `  accessibility issues: ${failing.map((a) => a.id).join(', ')}` : ''),
      );
      process.stdout.write(`${rows.at(-1)}\n`);
    }
  } finally {
    chrome.kill();
    await app.close();
    await handle.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 1;
});
