/**
 * Runs `tensorium node …` from the TypeScript sources (for e2e tests, so they need no build):
 *   node --conditions=tensorium-src --import tsx e2e/nodeMain.ts --dev --rpc-port 0
 */
import { main } from '@tensorium/cli';

main(['node', ...process.argv.slice(2)]).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`tensorium: ${err?.message ?? err}\n`);
    process.exitCode = 1;
  },
);
