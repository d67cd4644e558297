#!/usr/bin/env node
// The `chokepoint` command. The sources are TypeScript, run through tsx (no build step):
// register its loader, then hand over to the CLI. Exit codes: 0 ok, 1 a run failed, 2 bad usage
// or config, 130 interrupted.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/runner/cli.ts');
process.exitCode = await main(process.argv);
