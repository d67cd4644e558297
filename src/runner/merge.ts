/**
 * `chokepoint merge DIR`: join the shards in DIR/shards/K-of-N/ (written by `run --shard K/N`)
 * into the files a single machine writes in DIR: runs.csv, actors.csv, summary.csv, failures.csv
 * (and timeseries.csv, flows.csv, events.csv, books.csv when the config asks), then
 * manifest.json. The CSVs are built exactly as `run` builds them — the ordered writer of
 * outputs.ts fed the journal records in run-list order, summary.csv from the same records — so
 * they are byte-identical to a single machine's. Only manifest.json differs: `threads` (the sum
 * over the shards), `timings` (the shards' sessions) and a `merged_from` section.
 *
 * Refuses (UsageError, exit 2), naming the shard, when a shard is missing or did not finish,
 * when two folders claim the same shard, when folders of different splits (K-of-3 and K-of-4)
 * sit side by side, or when shards come from different configs, package versions, output
 * schema versions or model modules. Every problem is listed at once.
 *
 * A shard whose runs failed twice (status "failed") is merged as a single machine would write
 * it: the failures go to failures.csv and the merge reports them (the CLI exits 1); re-run that
 * shard with --resume and merge again.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative, resolve as resolvePath } from 'node:path';
import type { Logger } from 'pino';
import { validateConfigObject } from './config.js';
import { UsageError } from './errors.js';
import { expandRuns, type PlannedRun } from './expand.js';
import { STATE_DIR } from './experiment.js';
import { Headline } from './headline.js';
import { JournalReader, type JournalEntry, type JournalRecord } from './journal.js';
import { writeJsonAtomic, type Manifest, type MergeInfo } from './manifest.js';
import { FILES, OrderedWriter } from './outputs.js';
import { parseShardDirName, SHARD_JOURNAL, SHARD_SLICING, shardRuns, SHARDS_DIR, type ShardSpec } from './shard.js';
import { sweptPaths } from './sweep.js';
import { checkLock } from './lock.js';

/** Temp folder of a merge, inside DIR (same file system as the final files). */
export const MERGE_TMP = '.merge';
/** Journals kept open at once (a merge of thousands of shards must not run out of descriptors). */
const MAX_OPEN_JOURNALS = 64;

export interface MergeOptions {
  dir: string;
  logger?: Logger;
}

export interface MergeOutcome {
  status: 'complete' | 'failed';
  total: number;
  ok: number;
  failed: number;
  outDir: string;
  files: string[];
  headline: Headline;
  /** N */
  shards: number;
  /** shards holding failed runs (their K) */
  failedShards: number[];
  /** the config file the shards were run with (as they were given it), for hints */
  configFile: string;
  /** things that did not stop the merge */
  notes: string[];
}

interface Folder {
  name: string;
  /** `shards/K-of-N`, for messages */
  label: string;
  path: string;
  spec: ShardSpec;
}

interface Shard extends Folder {
  manifest: Manifest & { shard: NonNullable<Manifest['shard']> };
}

interface Handle {
  shard: number;
  entry: JournalEntry;
}

export function mergeShards(o: MergeOptions): MergeOutcome {
  const t0 = Date.now();
  const outDir = resolvePath(o.dir);
  const shardsDir = join(outDir, SHARDS_DIR);
  const shown = (p: string): string => relative(process.cwd(), p) || '.';
  if (!existsSync(shardsDir)) {
    throw new UsageError(`${shown(shardsDir)} not found: no shards to merge. Run the shards first: chokepoint run CONFIG --shard K/N --out ${shown(outDir)} (K = 0 .. N-1)`);
  }

  // --- the folders: K-of-N names, one split
  const folders: Folder[] = [];
  const notes: string[] = [];
  for (const d of readdirSync(shardsDir, { withFileTypes: true })) {
    if (!d.isDirectory()) continue;
    const spec = parseShardDirName(d.name);
    if (!spec) {
      notes.push(`ignored ${SHARDS_DIR}/${d.name}: not a shard folder (K-of-N)`);
      continue;
    }
    folders.push({ name: d.name, label: `${SHARDS_DIR}/${d.name}`, path: join(shardsDir, d.name), spec });
  }
  folders.sort((a, b) => a.spec.count - b.spec.count || a.spec.index - b.spec.index);
  if (folders.length === 0) throw new UsageError(`${shown(shardsDir)} holds no shard folders (K-of-N): nothing to merge`);

  const byCount = new Map<number, Folder[]>();
  for (const f of folders) byCount.set(f.spec.count, [...(byCount.get(f.spec.count) ?? []), f]);
  if (byCount.size > 1) {
    // the split most folders belong to is taken as the one meant; the others are named
    const groups = [...byCount.entries()].sort((a, b) => b[1].length - a[1].length || a[0] - b[0]);
    const [mainN, main] = groups[0]!;
    const others = groups.slice(1).flatMap(([n, fs]) => fs.map((f) => `${f.label} (of a ${n}-way split)`));
    throw new UsageError(
      `cannot merge ${shown(outDir)}: ${shown(shardsDir)} mixes shards of different splits: ${others.join(', ')} beside the ${main.length} folder${main.length === 1 ? '' : 's'} of a ${mainN}-way split (${main.map((f) => f.name).join(', ')}). ` +
        'Remove the folders of the split you do not want to merge (or run each split into its own --out).',
    );
  }
  const N = folders[0]!.spec.count;

  // --- the manifests: finished, shards, one per K
  const problems: string[] = [];
  const shards: Shard[] = [];
  for (const f of folders) {
    const mPath = join(f.path, FILES.manifest);
    if (!existsSync(mPath)) {
      const running = existsSync(join(f.path, STATE_DIR, 'lock'));
      problems.push(`${f.label} did not finish (no manifest.json${running ? '; it may still be running' : ''}): re-run it with --shard ${f.spec.index}/${N} --resume`);
      continue;
    }
    let m: Manifest;
    try {
      m = JSON.parse(readFileSync(mPath, 'utf8')) as Manifest;
    } catch (e) {
      problems.push(`${f.label}/manifest.json cannot be read (${(e as Error).message}): re-run the shard with --shard ${f.spec.index}/${N} --force`);
      continue;
    }
    if (!m.shard) {
      problems.push(`${f.label}/manifest.json is not a shard's manifest (no "shard" section): not written by run --shard; remove the folder`);
      continue;
    }
    if (m.shard.index !== f.spec.index || m.shard.count !== f.spec.count) {
      problems.push(`${f.label} holds shard ${m.shard.index}/${m.shard.count} (says its manifest.json), not ${f.spec.index}/${f.spec.count}: a copy of another shard? Remove it and re-run --shard ${f.spec.index}/${N}`);
    }
    shards.push({ ...f, manifest: m as Shard['manifest'] });
  }
  // two folders claiming the same K
  const claims = new Map<number, Shard[]>();
  for (const s of shards) if (s.manifest.shard.count === N) claims.set(s.manifest.shard.index, [...(claims.get(s.manifest.shard.index) ?? []), s]);
  for (const [k, cs] of [...claims].sort((a, b) => a[0] - b[0])) {
    if (cs.length > 1) problems.push(`shard ${k}/${N} is claimed twice: by ${cs.map((c) => c.label).join(' and ')}; keep one (the folder named ${k}-of-${N})`);
  }
  for (let k = 0; k < N; k++) {
    if (!folders.some((f) => f.spec.index === k)) problems.push(`shard ${k}/${N} is missing (no ${SHARDS_DIR}/${k}-of-${N}/): run it with --shard ${k}/${N} --out ${shown(outDir)}`);
  }

  // same config, version, schema and model in every shard: the majority is taken as meant and
  // the others are named
  const same = <T>(what: string, get: (m: Manifest) => T, show: (v: T) => string): void => {
    const counts = new Map<string, { v: T; n: number; first: number }>();
    shards.forEach((s, i) => {
      const v = get(s.manifest);
      const key = JSON.stringify(v) ?? 'undefined';
      const c = counts.get(key);
      if (c) c.n++;
      else counts.set(key, { v, n: 1, first: i });
    });
    if (counts.size <= 1) return;
    const ranked = [...counts.entries()].sort((a, b) => b[1].n - a[1].n || a[1].first - b[1].first);
    const [mainKey, main] = ranked[0]!;
    for (const s of shards) {
      const v = get(s.manifest);
      if ((JSON.stringify(v) ?? 'undefined') !== mainKey) problems.push(`${s.label} comes from ${what} ${show(v)}; the other shards from ${show(main.v)}: re-run it with --shard ${s.spec.index}/${N} --force`);
    }
  };
  same('a different config: hash', (m) => m.config_hash, (v) => String(v).slice(0, 12));
  same('a different package version:', (m) => `${m.tool?.name}@${m.tool?.version}`, (v) => v);
  same('a different output schema: version', (m) => m.schema_version, (v) => String(v));
  same('a different model module:', (m) => m.model_module, (v) => (v === null ? 'the default model' : String(v)));
  if (problems.length > 0) throw new UsageError(`cannot merge ${shown(outDir)}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);

  shards.sort((a, b) => a.spec.index - b.spec.index);
  const ref = shards[0]!.manifest;
  const configFile = ref.config_file;
  const loaded = validateConfigObject(ref.config, join(shards[0]!.label, FILES.manifest));
  if (loaded.hash !== ref.config_hash) {
    throw new UsageError(`cannot merge ${shown(outDir)}: ${shards[0]!.label}/manifest.json holds a config whose hash is ${loaded.hash.slice(0, 12)}, not ${ref.config_hash.slice(0, 12)} as it says: edited, or written by another version`);
  }
  const config = loaded.config;
  const runs = expandRuns(config);

  // --- the journals: every run of every shard, once
  const readers: (JournalReader | null)[] = [];
  const handles: (Handle | undefined)[] = new Array<Handle | undefined>(runs.length);
  const failedShards: number[] = [];
  try {
    for (const s of shards) {
      const want = shardRuns(runs, s.spec);
      const ids = s.manifest.shard.run_ids;
      if (s.manifest.shard.experiment_runs !== runs.length || ids.length !== want.length || want.some((r, i) => r.run_id !== ids[i])) {
        problems.push(`${s.label} holds other runs (${ids.length} of ${s.manifest.shard.experiment_runs}) than shard ${s.spec.index}/${N} of this config (${want.length} of ${runs.length}): re-run it with --shard ${s.spec.index}/${N} --force`);
        readers.push(null);
        continue;
      }
      const jPath = join(s.path, s.manifest.shard.journal || SHARD_JOURNAL);
      if (!existsSync(jPath)) {
        problems.push(`${s.label} has no journal (${s.manifest.shard.journal || SHARD_JOURNAL}): re-run it with --shard ${s.spec.index}/${N} --force`);
        readers.push(null);
        continue;
      }
      const { reader, entries, trailingBytes } = JournalReader.open(jPath);
      reader.close(); // opened again on demand (at most MAX_OPEN_JOURNALS at once)
      readers.push(reader);
      const si = readers.length - 1;
      const ok = new Map<number, JournalEntry>();
      const failed = new Map<number, JournalEntry>();
      for (const e of entries) {
        if (e.index >= runs.length || e.index % N !== s.spec.index) {
          problems.push(`${s.label}/${SHARD_JOURNAL} holds run ${e.index}, which is not in shard ${s.spec.index}/${N}: re-run it with --force`);
          break;
        }
        if (e.kind === 'ok') {
          if (!ok.has(e.index)) ok.set(e.index, e); // the first ok record, as run --resume keeps
        } else {
          failed.set(e.index, e); // the latest failure
        }
      }
      let nOk = 0;
      let nFailed = 0;
      const missing: string[] = [];
      for (const r of want) {
        const e = ok.get(r.index) ?? failed.get(r.index);
        if (!e) {
          missing.push(r.run_id);
          continue;
        }
        if (e.kind === 'ok') nOk++;
        else nFailed++;
        handles[r.index] = { shard: si, entry: e };
      }
      if (missing.length > 0) {
        problems.push(`${s.label}/${SHARD_JOURNAL} lacks ${missing.length} of its runs (${missing.slice(0, 3).join(', ')}${missing.length > 3 ? ', ...' : ''})${trailingBytes > 0 ? ` and ends in a cut-off record` : ''}: re-run it with --shard ${s.spec.index}/${N} --resume`);
      } else if (nOk !== s.manifest.runs.ok || nFailed !== s.manifest.runs.failed) {
        problems.push(`${s.label}: its journal holds ${nOk} ok and ${nFailed} failed runs, its manifest says ${s.manifest.runs.ok} and ${s.manifest.runs.failed}: re-run it with --shard ${s.spec.index}/${N} --resume`);
      }
      if (nFailed > 0) failedShards.push(s.spec.index);
    }
    if (problems.length > 0) throw new UsageError(`cannot merge ${shown(outDir)}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);

    const commits = new Set(shards.flatMap((x) => (x.manifest.git?.commit ? [x.manifest.git.commit] : [])));
    if (commits.size > 1) notes.push(`the shards ran at ${commits.size} different git commits (${[...commits].map((c) => c.slice(0, 10)).join(', ')}) of the same package version`);
    const nodes = new Set(shards.map((x) => x.manifest.node_version));
    if (nodes.size > 1) notes.push(`the shards ran on different Node versions (${[...nodes].join(', ')})`);

    // --- the folder: nothing else may be writing it; old results out first (manifest.json
    // first: a folder without it is not a finished result)
    checkLock(join(outDir, STATE_DIR), shown(outDir));
    rmSync(join(outDir, FILES.manifest), { force: true });
    for (const f of Object.values(FILES)) rmSync(join(outDir, f), { force: true });
    rmSync(join(outDir, 'report'), { recursive: true, force: true });
    const tmpDir = join(outDir, MERGE_TMP);
    rmSync(tmpDir, { recursive: true, force: true });
    mkdirSync(tmpDir, { recursive: true });

    // --- the CSVs, exactly as run writes them
    const open: number[] = [];
    const reader = (si: number): JournalReader => {
      const r = readers[si]!;
      if (!r.isOpen) {
        if (open.length >= MAX_OPEN_JOURNALS) readers[open.shift()!]!.close();
        r.reopen();
        open.push(si);
      }
      return r;
    };
    const headline = new Headline(config.scenarios.map((s) => s.name));
    const writer = new OrderedWriter<Handle>({
      dir: outDir,
      tmpDir,
      runs,
      swept: sweptPaths(config.sweep),
      startDate: config.start_date,
      horizonWeeks: config.horizon_weeks,
      timeseries: config.outputs.timeseries,
      flows: config.outputs.flows,
      events: config.outputs.events,
      books: config.outputs.books,
      summary: { reference: config.reference_scenario, ci: config.outputs.ci, resamples: config.outputs.bootstrap_resamples, seed: config.seed },
      load: (h) => reader(h.shard).read(h.entry),
      loadCore: (h) => reader(h.shard).readCore(h.entry),
      onWritten: (run: PlannedRun, rec: JournalRecord) => headline.add(run, rec),
    });
    let files: string[];
    try {
      for (let i = 0; i < runs.length; i++) writer.done(i, handles[i]!);
      files = writer.finish();
    } catch (e) {
      writer.abandon();
      throw e;
    } finally {
      rmSync(tmpDir, { recursive: true, force: true });
    }

    // --- manifest.json: a single machine's, but for threads, timings and merged_from
    const ms = shards.map((s) => s.manifest);
    const starts = ms.map((m) => m.timings.started_at).sort();
    const ends = ms.map((m) => m.timings.finished_at).sort();
    const span = (Date.parse(ends.at(-1)!) - Date.parse(starts[0]!)) / 1000;
    const ran = ms.reduce((a, m) => a + m.timings.sessions.reduce((b, x) => b + x.runs, 0), 0);
    const mergedAt = new Date();
    const merged: MergeInfo = {
      count: N,
      slicing: SHARD_SLICING,
      merged_at: mergedAt.toISOString(),
      merge_seconds: (mergedAt.getTime() - t0) / 1000,
      shards: shards.map((s) => ({
        index: s.spec.index,
        runs: s.manifest.runs.total,
        ok: s.manifest.runs.ok,
        failed: s.manifest.runs.failed,
        threads: s.manifest.threads,
        wall_seconds: s.manifest.timings.wall_seconds,
        started_at: s.manifest.timings.started_at,
        finished_at: s.manifest.timings.finished_at,
        host: s.manifest.shard.host,
        scheduler: s.manifest.shard.scheduler,
        git_commit: s.manifest.git?.commit ?? null,
        node_version: s.manifest.node_version,
      })),
      notes,
    };
    const failed = writer.failedCount;
    const manifest: Manifest = {
      schema_version: ref.schema_version,
      tool: ref.tool,
      git: ref.git,
      node_version: ref.node_version,
      platform: ref.platform,
      config_file: ref.config_file,
      config_hash: ref.config_hash,
      config: ref.config,
      seeds: ref.seeds,
      swept_parameters: ref.swept_parameters,
      runs: { total: runs.length, ok: writer.okCount, failed },
      status: failed > 0 ? 'failed' : 'complete',
      threads: ms.reduce((a, m) => a + m.threads, 0),
      parallel: ref.parallel,
      model_module: ref.model_module,
      files: files.map((f) => relative(outDir, f)).concat(FILES.manifest),
      warnings: ref.warnings,
      timings: {
        started_at: starts[0]!,
        finished_at: ends.at(-1)!,
        wall_seconds: ms.reduce((a, m) => a + m.timings.wall_seconds, 0),
        run_seconds: ms.reduce((a, m) => a + m.timings.run_seconds, 0),
        runs_per_second: span > 0 ? ran / span : 0,
        sessions: ms.flatMap((m) => m.timings.sessions),
      },
      merged_from: merged,
    };
    writeJsonAtomic(join(outDir, FILES.manifest), manifest);
    o.logger?.info({ shards: N, runs: runs.length, failed, out: outDir }, 'merged');
    return {
      status: failed > 0 ? 'failed' : 'complete',
      total: runs.length,
      ok: writer.okCount,
      failed,
      outDir,
      files: [...files, join(outDir, FILES.manifest)],
      headline,
      shards: N,
      failedShards,
      configFile,
      notes,
    };
  } finally {
    for (const r of readers) r?.close();
  }
}

