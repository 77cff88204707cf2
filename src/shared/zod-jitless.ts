// Imported first by every browser entry (web/main.tsx, the extension's pages and background), before any schema exists: zod decides at schema
// construction whether to compile parsers with `new Function`, probing for it
// once. Under our CSP (`default-src 'self'`, no 'unsafe-eval') the probe fails
// harmlessly but is reported as a CSP violation in the console; jitless skips
// the probe. The messages parsed here are small, so the interpreter is plenty.
import { config } from 'zod';

config({ jitless: true });
