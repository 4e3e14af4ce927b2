/**
 * The real-browser harness: the built dashboard, served by the REAL API (a child process on a
 * free port with its own temporary database), driven by Debian's chromium through
 * playwright-core. Every page opened through the harness records console errors, uncaught
 * exceptions, CSP violations, failed asset loads and server 5xx answers; `setUpBrowserHarness`
 * fails the test that caused any of them.
 *
 * Usage in a test file (see sign-in.test.ts):
 *
 *   const harness = setUpBrowserHarness();           // at the top level of the file
 *   describe.runIf(browserTestsEnabled)('…', () => {
 *     it('…', async () => {
 *       const page = await harness().newPage();
 *       await harness().signIn(page, 'nurse');
 *     });
 *   });
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import axe from 'axe-core';
import {
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  chromium,
  type Locator,
  type Page,
} from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { DEMO_PASSWORD, type RunningApi, startApi } from './api-server.ts';
import { ensureWebBuilt, REPO_ROOT } from './web-build.ts';

export { DEMO_PASSWORD } from './api-server.ts';
export { ensureWebBuilt, REPO_ROOT, WEB_DIR } from './web-build.ts';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM_PATH);
const inCi = process.env.CI === 'true';
/** Browser tests run when chromium is there; with CI=true a missing chromium fails (chromium.test.ts). */
export const browserTestsEnabled = hasChromium || inCi;
if (!hasChromium && !inCi) {
  console.warn(
    `[web browser tests] SKIPPED: chromium is not installed at ${CHROMIUM_PATH}. ` +
      'Install it with `apt-get install -y chromium` to run them; with CI=true they fail instead.',
  );
}
/** The password the sign-in helper chooses for a user whose password an administrator set. */
export const ownPassword = (oneTime: string) => `${oneTime} (own)`;

export const SCREENSHOT_DIR = join(REPO_ROOT, 'artifacts', 'screenshots');

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

export interface Harness {
  /** The API's origin, which also serves the dashboard: `http://127.0.0.1:<port>`. */
  baseUrl: string;
  browser: Browser;
  /**
   * A page in a fresh browser context (its own cookies), watched for errors. Contexts are
   * closed after each test. Pass `colorScheme: 'dark'` or a `viewport` to vary the device.
   */
  newPage(options?: BrowserContextOptions): Promise<Page>;
  /** Opens `path` (default `/`) and signs in through the form; resolves when the app shell shows. */
  /**
   * A user whose password an administrator set (a new account, a reset) must choose their own
   * first: the helper does it, choosing `ownPassword(password)`, unless `keepRequiredAction`.
   */
  signIn(
    page: Page,
    username: string,
    options?: { password?: string; path?: string; keepRequiredAction?: boolean },
  ): Promise<void>;
  /** Runs axe-core on the page; fails on any serious or critical violation. */
  expectNoSeriousA11yViolations(page: Page, label: string): Promise<void>;
  /** Saves a full-page PNG to artifacts/screenshots/<name>.png and returns its path. */
  screenshot(page: Page, name: string): Promise<string>;
  /** Errors recorded since the last call (console errors, CSP violations, page errors, 5xx). */
  takeErrors(): string[];
  stop(): Promise<void>;
}

/** A 4xx from the API is part of normal flow (not signed in, refused, no such route) and the UI shows it. */
function isExpectedApiRefusal(text: string, url: string): boolean {
  return (
    /Failed to load resource: the server responded with a status of 4\d\d/.test(text) &&
    new URL(url, 'http://x').pathname.startsWith('/api/')
  );
}

export async function startHarness(env: Record<string, string> = {}): Promise<Harness> {
  if (!hasChromium) throw new Error(`chromium is not installed at ${CHROMIUM_PATH}`);
  await ensureWebBuilt();
  const dbDir = mkdtempSync(join(tmpdir(), 'cellwatch-web-test-'));
  let api: RunningApi | null = null;
  let browser: Browser | null = null;
  try {
    api = await startApi(dbDir, env);
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
  } catch (err) {
    await api?.stop();
    rmSync(dbDir, { recursive: true, force: true });
    throw err;
  }
  const running = { api, browser };
  const errors: string[] = [];
  const contexts = new Set<BrowserContext>();

  const watch = (page: Page) => {
    page.on('console', (msg) => {
      if (msg.type() !== 'error') return;
      const url = msg.location().url;
      if (isExpectedApiRefusal(msg.text(), url)) return;
      errors.push(`console error on ${page.url()}: ${msg.text()} (${url})`);
    });
    page.on('pageerror', (err) => errors.push(`uncaught exception on ${page.url()}: ${err.message}`));
    page.on('response', (res) => {
      if (res.status() >= 500)
        errors.push(`server answered ${res.status()} to ${res.request().method()} ${res.url()}`);
    });
    page.on('requestfailed', (req) => {
      const failure = req.failure()?.errorText ?? '';
      // Navigations and unmounts abort in-flight requests on purpose.
      if (!failure.includes('ERR_ABORTED'))
        errors.push(`request failed: ${req.method()} ${req.url()}: ${failure}`);
    });
  };

  const harness: Harness = {
    baseUrl: running.api.baseUrl,
    browser: running.browser,

    async newPage(options = {}) {
      const context = await running.browser.newContext({
        baseURL: running.api.baseUrl,
        viewport: { width: 1024, height: 768 }, // a landscape tablet
        ...options,
      });
      contexts.add(context);
      await context.exposeBinding('__cellwatchCspViolation', (_source, detail: string) => {
        errors.push(`CSP violation: ${detail}`);
      });
      await context.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (e) => {
          const report = (window as unknown as { __cellwatchCspViolation: (d: string) => void })
            .__cellwatchCspViolation;
          report(
            `${e.violatedDirective} blocked ${e.blockedURI || 'inline'} in ${e.sourceFile}:${e.lineNumber}`,
          );
        });
      });
      context.on('page', watch);
      return context.newPage();
    },

    async signIn(page, username, options = {}) {
      await page.goto(options.path ?? '/');
      await page.getByLabel('Username').fill(username);
      await page.getByLabel('Password').fill(options.password ?? DEMO_PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('button', { name: 'Sign out' }).waitFor();
      const mustChange = page.getByRole('heading', { name: 'Choose your own password' });
      if (!options.keepRequiredAction && (await mustChange.count()) > 0) {
        const password = options.password ?? DEMO_PASSWORD;
        await page.getByLabel('Password you signed in with').fill(password);
        await page.getByLabel('New password', { exact: true }).fill(ownPassword(password));
        await page.getByLabel('New password again').fill(ownPassword(password));
        await page.getByRole('button', { name: 'Change password' }).click();
        await page.getByTestId('signed-in-user').waitFor();
      }
    },

    async expectNoSeriousA11yViolations(page, label) {
      // CDP evaluation is not subject to the page's CSP, so axe needs no inline <script>.
      await page.evaluate(axe.source);
      const violations = await page.evaluate(async () => {
        const runner = (window as unknown as { axe: typeof axe }).axe;
        const result = await runner.run(document, { resultTypes: ['violations'] });
        return result.violations.map((v) => ({
          id: v.id,
          impact: v.impact ?? null,
          help: v.help,
          targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
        }));
      });
      const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect(serious, `axe found serious or critical violations on ${label}`).toEqual([]);
    },

    async screenshot(page, name) {
      mkdirSync(SCREENSHOT_DIR, { recursive: true });
      const path = join(SCREENSHOT_DIR, `${name}.png`);
      await page.screenshot({ path, fullPage: true });
      return path;
    },

    takeErrors() {
      return [...errors.splice(0), ...running.api.takeServerErrors()];
    },

    async stop() {
      for (const context of contexts) await context.close().catch(() => undefined);
      await running.browser.close().catch(() => undefined);
      await running.api.stop();
      rmSync(dbDir, { recursive: true, force: true });
    },
  };

  // Contexts of a finished test are closed by `closeContexts` (below), via setUpBrowserHarness.
  (harness as HarnessInternals).closeContexts = async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    contexts.clear();
  };
  return harness;
}

type HarnessInternals = Harness & { closeContexts?: () => Promise<void> };

/** Enrols a test patient through the real API with the signed-in page's session; its id. */
export async function enrol(page: Page, patient: Record<string, unknown>): Promise<number> {
  const res = await page.request.post('/api/patients', {
    data: {
      givenName: 'Test',
      birthDate: '1988-04-02',
      sex: 'female',
      weightKg: 64,
      diagnosis: 'sle',
      product: 'cd19_car_t',
      ...patient,
    },
  });
  expect(res.status(), await res.text()).toBe(201);
  return ((await res.json()) as { patient: { id: number } }).patient.id;
}

/**
 * Every write the page sends from now on ("POST http://…/api/…"): a form's own refusal sends none.
 * The list fills as requests start.
 */
export function recordWrites(page: Page): string[] {
  const writes: string[] = [];
  page.on('request', (request) => {
    if (request.method() !== 'GET') writes.push(`${request.method()} ${request.url()}`);
  });
  return writes;
}

/** Signs in from the follow-up worklist and opens Demo-Moreau's follow-up page (the demo's IVIG patient). */
export async function openMoreauFollowUp(harness: Harness, page: Page, username: string): Promise<void> {
  await harness.signIn(page, username, { path: '/follow-up' });
  await page
    .getByRole('link', { name: /Demo-Moreau, Ines/ })
    .first()
    .click();
}

/** Every write the page sends from now on (`METHOD /path`): a form's own refusal sends none. */
export function sentWrites(page: Page): string[] {
  const writes: string[] = [];
  page.on('request', (request) => {
    if (request.method() !== 'GET') writes.push(`${request.method()} ${new URL(request.url()).pathname}`);
  });
  return writes;
}

/**
 * The reason a form gives beside a field (its `.field__error`), checked to be announced with the
 * field (in its aria-describedby) and the field marked invalid; null when none is shown.
 */
export async function reasonBeside(field: Locator): Promise<string | null> {
  const reason = field.locator('xpath=..').locator('.field__error');
  if ((await reason.count()) === 0) return null;
  expect((await field.getAttribute('aria-describedby'))?.split(' ')).toContain(
    await reason.getAttribute('id'),
  );
  expect(await field.getAttribute('aria-invalid')).toBe('true');
  return reason.textContent();
}

/**
 * Starts one harness for the calling test file (beforeAll) and stops it (afterAll). After each
 * test it closes that test's browser contexts and fails the test if the browser or the server
 * recorded any error. Returns a getter, since the harness exists only once beforeAll ran.
 */
/** `env`: CellWatch settings for this file's API server, over the harness's own. */
export function setUpBrowserHarness(env: Record<string, string> = {}): () => Harness {
  let harness: HarnessInternals | null = null;
  beforeAll(async () => {
    if (!hasChromium) return; // chromium.test.ts reports it; describe.runIf skips the tests
    harness = await startHarness(env);
  });
  afterEach(async () => {
    if (!harness) return;
    await harness.closeContexts?.();
    const errors = harness.takeErrors();
    expect(errors, 'the browser or the server recorded errors during this test').toEqual([]);
  });
  afterAll(async () => {
    await harness?.stop();
    harness = null;
  });
  return () => {
    if (!harness) throw new Error('The browser harness is not running (is chromium installed?)');
    return harness;
  };
}
