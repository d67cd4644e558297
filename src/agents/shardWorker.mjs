// Worker-thread entry for the shard followers of `--parallel agents` (team.ts). Worker threads do
// not inherit the TypeScript loader of the thread that started them, so this shim registers tsx
// and then imports the TypeScript worker (as src/runner/worker.mjs does for the run pool).
import { register } from 'tsx/esm/api';

register();
const mod = await import('./shardWorker.ts');
export default mod.default;
