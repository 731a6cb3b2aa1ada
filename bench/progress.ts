/**
 * The live line on the terminal while a run goes: a bar over warm-up plus measured time, with the
 * last second's payments and p99. Without a terminal (CI logs) it prints one line per step.
 */
const barWidth = 30;

export class Progress {
  private readonly live = Boolean(process.stderr.isTTY);
  private active = false;
  private readonly startedMs = performance.now();

  /** A step without a bar (set-up, pgbench, checks), with the seconds since the bench started. */
  note(text: string): void {
    this.clear();
    const seconds = String(Math.round((performance.now() - this.startedMs) / 100) / 10);
    process.stderr.write(`[${seconds.padStart(6)} s] ${text}\n`);
  }

  update(label: string, fraction: number, detail: string): void {
    if (!this.live) return;
    const filled = Math.round(Math.min(1, Math.max(0, fraction)) * barWidth);
    const bar = `${'█'.repeat(filled)}${'░'.repeat(barWidth - filled)}`;
    process.stderr.write(`\r\x1b[2K${label.padEnd(24)} ${bar} ${detail}`);
    this.active = true;
  }

  private clear(): void {
    if (this.active) process.stderr.write('\r\x1b[2K');
    this.active = false;
  }
}
