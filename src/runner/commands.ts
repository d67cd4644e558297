/**
 * Commands about the model rather than the run: `params` (the parameter registry, or the tables
 * of docs/ODD.md), `history` (an episode's simulated prices beside the published ones), and
 * `nash` (equilibria of a game in Gambit's .nfg format, the solver on its own).
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { stringify } from 'csv-stringify/sync';
import { PARAMETERS } from '../agents/params.js';
import { UsageError } from './errors.js';
import { nashCsv } from './game/nash.js';
import { compareHistory, historyTable } from './history.js';
import { renderOdd } from './paramsDoc.js';
import { PACKAGE_ROOT } from './paths.js';

export interface CommandContext {
  out(s: string): void;
  err(s: string): void;
  setExit(code: number): void;
}

export const ODD_FILE = join(PACKAGE_ROOT, 'docs', 'ODD.md');

export function registerModelCommands(program: Command, ctx: CommandContext): void {
  program
    .command('params')
    .description('list every model parameter: path (as used in overrides and sweeps), default, plausible range, allowed range, unit, source')
    .option('--csv', 'as CSV')
    .option('--write-odd', 'regenerate the parameter and calibration tables of docs/ODD.md')
    .action((opts: { csv?: boolean; writeOdd?: boolean }) => {
      if (opts.writeOdd) {
        const next = renderOdd(readFileSync(ODD_FILE, 'utf8'));
        writeFileSync(ODD_FILE + '.tmp', next);
        renameSync(ODD_FILE + '.tmp', ODD_FILE);
        ctx.out(`wrote the tables of ${ODD_FILE}`);
        return;
      }
      if (opts.csv) {
        ctx.out(stringify(PARAMETERS.map((p) => [p.path, p.default, p.range[0], p.range[1], p.min, p.max, p.unit, p.source, p.description]), { header: true, columns: ['path', 'default', 'range_low', 'range_high', 'min', 'max', 'unit', 'source', 'description'] }));
        return;
      }
      const w = Math.max(...PARAMETERS.map((p) => p.path.length));
      for (const p of PARAMETERS) ctx.out(`${p.path.padEnd(w)}  ${String(p.default).padStart(10)}  [${p.range[0]}, ${p.range[1]}] ${p.unit}  ${p.description}`);
    });

  program
    .command('history')
    .description('set an episode\'s simulated prices beside the published ones (data/validation.csv); writes DIR/history.csv')
    .argument('<dir>', 'results folder of an episode run with outputs.timeseries: true (e.g. results/gallium-2023)')
    .action((dir: string) => {
      const rows = compareHistory(dir);
      ctx.out(historyTable(rows));
      const file = join(dir, 'history.csv');
      const cols = ['episode', 'commodity', 'segment', 'date', 'week', 'kind', 'ref_date', 'published', 'model', 'model_over_published', 'unit', 'source'];
      writeFileSync(file + '.tmp', stringify(rows.map((r) => [r.episode, r.commodity, r.segment, r.date, r.week, r.kind, r.ref_date, r.price, r.model ?? '', r.fit ?? '', r.unit, r.source]), { header: true, columns: cols }));
      renameSync(file + '.tmp', file);
      ctx.out(`wrote ${file}`);
    });

  program
    .command('nash')
    .description("print the Nash equilibria of a game in Gambit's .nfg format (outcome or payoff version) as CSV: equilibrium, kind, player, strategy, probability, regret, support_stability")
    .argument('<file>', 'a .nfg file')
    .action((file: string) => {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (e) {
        throw new UsageError(`cannot read ${file}: ${(e as Error).message}`);
      }
      try {
        ctx.out(nashCsv(text));
      } catch (e) {
        throw new UsageError(`${file}: ${(e as Error).message}`);
      }
    });
}
