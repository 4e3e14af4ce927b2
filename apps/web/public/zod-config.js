// The dashboard runs under a Content-Security-Policy without 'unsafe-eval'. Zod 4 otherwise
// probes for `new Function` (to compile fast parsers) when a schema is built, and the browser
// reports that probe as a CSP violation even though zod catches it. Zod reads this global when
// it loads, so it must be set by a classic script that runs before any module script.
globalThis.__zod_globalConfig = { jitless: true };
