/**
 * `game --shard K/N` then `game --merge` give the files one machine writes, byte for byte; a
 * merge with a shard missing or from another game refuses (exit 2) and names the shard.
 * Runs experiments/retaliation-game-small.yaml (8 runs of a 0.02 world) in this process.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { main } from '../../src/runner/cli.js';
import { tempDir } from '../runner/helpers.js';

const SMALL = join(fileURLToPath(new URL('../../', import.meta.url)), 'experiments', 'retaliation-game-small.yaml');

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const sink = (f: (s: string) => void): Writable => new Writable({ write: (c: Buffer, _e, cb) => (f(c.toString()), cb()) });
  const code = await main(['node', 'chokepoint', ...args], { stdout: sink((s) => (stdout += s)), stderr: sink((s) => (stderr += s)) });
  return { code, stdout, stderr };
}

describe('game shards and merge', () => {
  test('two shards merged equal one machine; a missing or foreign shard is refused by name', async () => {
    const one = tempDir('game-one-');
    const sharded = tempDir('game-shards-');
    expect((await cli(['game', SMALL, '--out', one, '--threads', '0', '--no-report'])).code).toBe(0);

    expect((await cli(['game', SMALL, '--out', sharded, '--threads', '0', '--shard', '0/2'])).code).toBe(0);
    const early = await cli(['game', SMALL, '--out', sharded, '--merge', '--no-report']);
    expect(early.code).toBe(2);
    expect(early.stderr).toContain('shards/1-of-2 is missing');

    expect((await cli(['game', SMALL, '--out', sharded, '--threads', '0', '--shard', '1/2'])).code).toBe(0);
    expect((await cli(['game', SMALL, '--out', sharded, '--merge', '--no-report'])).code).toBe(0);
    for (const f of ['payoffs.csv', 'equilibria.csv', 'game.nfg', 'stackelberg.csv', 'payoff_components.csv']) {
      expect(readFileSync(join(sharded, f), 'utf8'), f).toBe(readFileSync(join(one, f), 'utf8'));
    }

    // `chokepoint merge DIR` finds a game's shards and merges them the same way.
    rmSync(join(sharded, 'payoffs.csv'));
    expect((await cli(['merge', sharded, '--no-report'])).code).toBe(0);
    expect(readFileSync(join(sharded, 'payoffs.csv'), 'utf8')).toBe(readFileSync(join(one, 'payoffs.csv'), 'utf8'));

    // A shard from another game (other seed -> other simulation hash) is refused by name.
    rmSync(join(sharded, 'shards', '1-of-2'), { recursive: true, force: true });
    expect((await cli(['game', SMALL, '--out', sharded, '--threads', '0', '--shard', '1/2', '--seed', '7'])).code).toBe(0);
    const foreign = await cli(['game', SMALL, '--out', sharded, '--merge', '--no-report']);
    expect(foreign.code).toBe(2);
    expect(foreign.stderr).toContain('shards/1-of-2 comes from another game');
  }, 120_000);
});
