/** `pnpm seed:synthetic --help`: a deterministic synthetic cohort (apps/api/src/seed/synthetic-cli.ts). */
import { runSyntheticCli } from '../src/seed/synthetic-cli.ts';

process.exitCode = await runSyntheticCli(process.argv.slice(2));
