// Worker-thread entry for the Piscina pool. Worker threads do not inherit the TypeScript loader
// of the thread that started them (and vitest's transform never reaches them), so this plain ESM
// shim registers tsx in the worker and then imports the TypeScript worker. Works the same under
// `node bin/chokepoint.js` and under vitest.
import { register } from 'tsx/esm/api';

register();
const mod = await import('./worker.ts');
export default mod.default;
