import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const HTTP = dirname(fileURLToPath(import.meta.url));
const SRC = resolve(HTTP, '..');

/**
 * What the request layer may import from the rest of the API: the configuration, the store, the
 * session and event types its services carry, and the regrader's port. Every feature folder
 * (charting, grading, follow-up, fhir…) builds on http/, never the other way round.
 */
const ALLOWED = [
  /^http\//,
  /^config\.ts$/,
  /^db\//,
  /^auth\/sessions\.ts$/,
  /^events\/bus\.ts$/,
  /^grading\/regrader-port\.ts$/,
];

/** The relative module paths a TypeScript source imports or re-exports (type imports included). */
function relativeImports(source: string): string[] {
  const found: string[] = [];
  for (const m of source.matchAll(/(?:import|export)\s[^'"]*?from\s*['"](\.[^'"]+)['"]/g))
    if (m[1]) found.push(m[1]);
  for (const m of source.matchAll(/import\(\s*['"](\.[^'"]+)['"]\s*\)/g)) if (m[1]) found.push(m[1]);
  return found;
}

function forbiddenImports(file: string, source: string): string[] {
  return relativeImports(source)
    .map((spec) =>
      relative(SRC, resolve(dirname(file), spec))
        .split('\\')
        .join('/'),
    )
    .filter((target) => !ALLOWED.some((allowed) => allowed.test(target)));
}

describe('the http/ layer', () => {
  it('finds relative imports of every form', () => {
    const source = [
      "import { a } from './a.ts';",
      "import type { B } from '../grading/regrader.ts';",
      "import {\n  c,\n  type D,\n} from '../charting/facts.ts';",
      "export { e } from '../fhir/import.ts';",
      "const f = await import('../ward/ward.ts');",
      "import { z } from 'zod';",
    ].join('\n');
    expect(forbiddenImports(join(HTTP, 'x.ts'), source)).toEqual([
      'grading/regrader.ts',
      'charting/facts.ts',
      'fhir/import.ts',
      'ward/ward.ts',
    ]);
  });

  it('imports no feature folder', () => {
    const files = readdirSync(HTTP).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    expect(files.length).toBeGreaterThan(3);
    const offending = files.flatMap((f) =>
      forbiddenImports(join(HTTP, f), readFileSync(join(HTTP, f), 'utf8')).map((t) => `${f} → ${t}`),
    );
    expect(offending).toEqual([]);
  });
});
