/**
 * The progress line on a terminal: runs done / total, runs per second, ETA. Drawn on stderr only
 * when it is a TTY (quiet in pipes, logs and CI), at most 5 times a second.
 */
import type { Progress } from './experiment.js';

export class ProgressLine {
  private readonly out: NodeJS.WriteStream;
  private readonly enabled: boolean;
  private t0 = 0;
  private base = 0;
  private last = 0;
  private shown = false;

  constructor(out: NodeJS.WriteStream = process.stderr, enabled: boolean = out.isTTY === true) {
    this.out = out;
    this.enabled = enabled;
  }

  update(p: Progress): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (this.t0 === 0) {
      this.t0 = now;
      this.base = p.done;
    }
    if (p.done < p.total && now - this.last < 200) return;
    this.last = now;
    this.out.write(`\r\x1b[2K${formatProgress(p, (now - this.t0) / 1000, p.done - this.base)}`);
    this.shown = true;
  }

  clear(): void {
    if (this.enabled && this.shown) this.out.write('\r\x1b[2K');
    this.shown = false;
  }
}

/** `runs 12/36 (33%)  3.1 runs/s  ETA 0:07  1 failed` */
export function formatProgress(p: Progress, seconds: number, doneThisSession: number): string {
  const pct = p.total > 0 ? Math.floor((100 * p.done) / p.total) : 100;
  const rate = seconds > 0 ? doneThisSession / seconds : 0;
  const eta = rate > 0 ? duration((p.total - p.done) / rate) : '--:--';
  const parts = [`runs ${p.done}/${p.total} (${pct}%)`, `${rate >= 10 ? rate.toFixed(0) : rate.toFixed(1)} runs/s`, `ETA ${eta}`];
  if (p.resumed > 0) parts.push(`${p.resumed} resumed`);
  if (p.failed > 0) parts.push(`${p.failed} failed`);
  return parts.join('  ');
}

/** h:mm:ss or m:ss */
export function duration(s: number): string {
  const t = Math.max(0, Math.round(s));
  const h = Math.floor(t / 3600);
  const m = Math.floor((t % 3600) / 60);
  const sec = String(t % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}
