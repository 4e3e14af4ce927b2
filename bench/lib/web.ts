import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { REPO_ROOT, WEB_DIST } from './processes.ts';
import { median } from './stats.ts';

export const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Builds apps/web/dist when it is missing. */
export function ensureWebBuilt(log: (l: string) => void): void {
  if (existsSync(join(WEB_DIST, 'index.html'))) return;
  log('  apps/web/dist is missing: building it (pnpm build)');
  const res = spawnSync('pnpm', ['--filter', '@cellwatch/web', 'run', 'build'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  });
  if (res.status !== 0) throw new Error(`web build failed:\n${res.stdout}\n${res.stderr}`);
}

/**
 * The JavaScript a first visit loads before anything renders: the module script(s) of
 * index.html and the chunks it preloads, each gzipped (level 6, what servers use on the fly).
 */
export function initialJsGzip(): { kb: number; files: { file: string; bytes: number; gzip: number }[] } {
  const html = readFileSync(join(WEB_DIST, 'index.html'), 'utf8');
  const refs = new Set<string>();
  for (const m of html.matchAll(/<script[^>]*\bsrc="([^"]+\.js)"/g)) refs.add(m[1] as string);
  for (const m of html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g))
    refs.add(m[1] as string);
  const files = [...refs].map((ref) => {
    const buf = readFileSync(join(WEB_DIST, ref.replace(/^\//, '')));
    return { file: ref, bytes: buf.length, gzip: gzipSync(buf, { level: 6 }).length };
  });
  return { kb: files.reduce((a, f) => a + f.gzip, 0) / 1024, files };
}

export interface RenderTiming {
  runs: number[];
  median: number;
  rows: number;
}

/**
 * Headless chromium: the time from navigation start until `rows` table rows are in the DOM
 * (measured in the page: performance.now() when the condition first holds, polled each frame).
 * The first navigation is cold; the median over `runs` navigations is reported.
 */
export async function timeRender(
  pageUrl: string,
  rows: number,
  runs: number,
  signIn?: { base: string; username: string; password: string },
): Promise<RenderTiming> {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    if (signIn) {
      const res = await page.request.post(`${signIn.base}/api/auth/login`, {
        data: { username: signIn.username, password: signIn.password },
      });
      if (res.status() !== 200) throw new Error(`browser sign-in: ${res.status()}`);
    }
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      await page.goto('about:blank');
      await page.goto(pageUrl, { waitUntil: 'commit' });
      const handle = await page.waitForFunction(
        (n) => document.querySelectorAll('tbody tr').length >= n && performance.now(),
        rows,
        { polling: 'raf', timeout: 60_000 },
      );
      times.push(Number(await handle.jsonValue()));
    }
    return { runs: times, median: median(times), rows };
  } finally {
    await browser.close();
  }
}

export const chromiumAvailable = () => existsSync(CHROMIUM);
