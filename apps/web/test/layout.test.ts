import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserTestsEnabled, setUpBrowserHarness } from './harness.ts';

const harness = setUpBrowserHarness();

/** A desktop, a landscape tablet, a phone. */
const WIDTHS = [1440, 1024, 390] as const;

interface View {
  name: string;
  /** Every role that sees this view. */
  roles: readonly string[];
  path: (ids: DemoIds) => string;
  ready: (p: Page) => ReturnType<Page['getByRole']>;
}

interface DemoIds {
  okafor: number;
  moreau: number;
}

/** Each main view, in the state a person first sees it. */
const VIEWS: readonly View[] = [
  {
    name: 'ward',
    roles: ['nurse', 'hematologist', 'coordinator'],
    path: () => '/ward',
    ready: (p) => p.getByRole('link', { name: 'Demo-Okafor, Sam' }),
  },
  {
    name: 'patient',
    roles: ['nurse', 'hematologist', 'coordinator'],
    path: (ids) => `/patients/${ids.okafor}`,
    ready: (p) => p.getByRole('heading', { name: 'Demo-Okafor, Sam' }),
  },
  {
    name: 'bedside',
    roles: ['nurse', 'hematologist'],
    path: (ids) => `/patients/${ids.okafor}/bedside`,
    ready: (p) => p.getByRole('heading', { level: 1 }),
  },
  {
    name: 'reviews',
    roles: ['nurse', 'hematologist', 'coordinator'],
    path: () => '/reviews',
    ready: (p) => p.getByRole('heading', { level: 1 }),
  },
  {
    name: 'alerts',
    roles: ['nurse', 'hematologist', 'coordinator'],
    path: () => '/alerts',
    ready: (p) => p.getByRole('list', { name: 'Alerts' }),
  },
  {
    name: 'follow-up worklist',
    roles: ['coordinator', 'hematologist'],
    path: () => '/follow-up',
    ready: (p) => p.getByRole('link', { name: /Demo-Moreau, Ines/ }).first(),
  },
  {
    name: 'follow-up patient',
    roles: ['coordinator', 'hematologist'],
    path: (ids) => `/follow-up/${ids.moreau}`,
    ready: (p) => p.getByRole('img', { name: /IgG chart/ }),
  },
  {
    name: 'reports',
    roles: ['hematologist', 'coordinator'],
    path: () => '/reports',
    ready: (p) => p.getByRole('table').first(),
  },
  {
    name: 'users',
    roles: ['admin'],
    path: () => '/admin/users',
    ready: (p) => p.getByRole('rowheader', { name: 'Demo Admin' }),
  },
  {
    name: 'audit',
    roles: ['admin'],
    path: () => '/admin/audit',
    ready: (p) => p.getByRole('region', { name: 'Audit entries', exact: true }).locator('tbody tr').first(),
  },
];

async function demoIds(page: Page): Promise<DemoIds> {
  const res = await page.request.get('/api/patients');
  const body = (await res.json()) as { patients: { id: number; familyName: string }[] };
  const id = (family: string) => {
    const found = body.patients.find((p) => p.familyName === family);
    if (!found) throw new Error(`demo patient ${family} missing`);
    return found.id;
  };
  return { okafor: id('Demo-Okafor'), moreau: id('Demo-Moreau') };
}

/** How far the page itself is wider than the window (0: no sideways scrolling of the page). */
const pageOverflow = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

describe.runIf(browserTestsEnabled)('layout at 1440, 1024 and 390 px', () => {
  const roles = [...new Set(VIEWS.flatMap((v) => v.roles))];
  for (const width of WIDTHS) {
    for (const role of roles) {
      it(`no main view of the ${role} scrolls sideways at ${width} px`, async () => {
        const page = await harness().newPage({ viewport: { width, height: 900 } });
        await harness().signIn(page, role);
        const ids = role === 'admin' ? { okafor: 0, moreau: 0 } : await demoIds(page);
        const overflowing: string[] = [];
        for (const view of VIEWS.filter((v) => v.roles.includes(role))) {
          await page.goto(view.path(ids));
          await view.ready(page).waitFor();
          const excess = await pageOverflow(page);
          if (excess > 0) {
            overflowing.push(`${view.name} is ${excess} px wider than the window`);
            await harness().screenshot(page, `overflow-${view.name.replace(/ /g, '-')}-${role}-${width}`);
          }
        }
        expect(overflowing).toEqual([]);
      });
    }
  }

  for (const width of [1024, 390] as const) {
    it(`the ward shows every patient's overdue checks, grades and alerts without sideways scrolling at ${width} px`, async () => {
      const page = await harness().newPage({ viewport: { width, height: 900 } });
      await harness().signIn(page, 'nurse', { path: '/ward' });
      await page.getByRole('link', { name: 'Demo-Okafor, Sam' }).waitFor();
      // Every patient's grades, alerts and next checks lie inside the window (not past its right
      // edge, where only a sideways scroll would show them).
      const outside = await page.evaluate(() => {
        const out: string[] = [];
        // The grades cell (the second data cell), the alerts and the next check.
        const parts = [':scope > td:nth-of-type(2)', '.ward-alerts-cell', '.ward-due-cell'];
        const patients = document.querySelectorAll('[data-ward-patient]');
        for (const patient of patients) {
          for (const selector of parts) {
            const el = patient.querySelector(selector);
            const name = patient.getAttribute('data-ward-patient');
            if (!el) {
              out.push(`${name}: ${selector} missing`);
              continue;
            }
            const box = el.getBoundingClientRect();
            if (box.left < 0 || box.right > window.innerWidth + 0.5)
              out.push(`${name}: ${selector} spans ${Math.round(box.left)}–${Math.round(box.right)} px`);
          }
        }
        if (patients.length === 0) out.push('no patients shown');
        return out;
      });
      expect(outside).toEqual([]);
      expect(await pageOverflow(page)).toBeLessThanOrEqual(0);
      const okafor = page.locator('[data-ward-patient="Demo-Okafor, Sam"]');
      expect(await okafor.textContent()).toContain('CRS 3');
      expect(await okafor.textContent()).toMatch(/Vitals: (OVERDUE|due)/);
      await harness().expectNoSeriousA11yViolations(page, `ward at ${width} px`);
      await harness().screenshot(page, `ward-${width}`);
    });
  }
});
