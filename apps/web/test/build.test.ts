import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureWebBuilt, WEB_DIR } from './harness.ts';

// The API serves the dashboard under `script-src 'self'; style-src 'self'`: any inline script,
// inline style element or style attribute in the built page would be blocked in production.
describe('the built dashboard', () => {
  it('has no inline script or style in index.html', { timeout: 120_000 }, async () => {
    await ensureWebBuilt();
    const html = readFileSync(join(WEB_DIR, 'dist', 'index.html'), 'utf8');
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    expect(scripts.length).toBeGreaterThan(0);
    // Zod's configuration runs first, before the module scripts that build schemas.
    expect(scripts[0]?.[1]).toContain('src="/zod-config.js"');
    for (const [, attributes, body] of scripts) {
      // A file of the app's own origin (the bundle, or public/zod-config.js), never inline.
      expect(attributes).toMatch(/\bsrc="\/(?!\/)[^"]+\.js"/);
      expect(body?.trim()).toBe('');
    }
    expect(html).not.toMatch(/<style\b/i);
    expect(html).not.toMatch(/\sstyle=/i);
    expect(html).not.toMatch(/\son[a-z]+=/i); // no inline event handlers either
  });
});
