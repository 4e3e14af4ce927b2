import { z } from 'zod';

// The dashboard runs under a CSP without 'unsafe-eval'. Zod 4 otherwise probes for `new Function`
// (to compile fast parsers), and the browser reports that probe as a CSP violation even though
// zod catches it. Imported first by main.tsx, before any schema parses.
z.config({ jitless: true });
