// Worker-thread entry for the game's Piscina pool (like src/runner/worker.mjs): worker threads do
// not inherit the TypeScript loader, so this plain ESM shim registers tsx and then imports the
// TypeScript worker.
import { register } from 'tsx/esm/api';

register();
const mod = await import('./gameWorker.ts');
export default mod.default;
