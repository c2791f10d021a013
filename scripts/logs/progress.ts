/**
 * @module scripts/logs/progress
 * A progress line on stderr for long reads: redrawn in place on a terminal, one line every few
 * seconds otherwise (CI logs). Node only.
 */
export class Progress {
  readonly #total: number;
  readonly #out: NodeJS.WriteStream;
  readonly #intervalMs: number;
  #done = 0;
  #bytes = 0;
  #lastMs = 0;

  constructor(total: number, out: NodeJS.WriteStream = process.stderr) {
    this.#total = total;
    this.#out = out;
    this.#intervalMs = out.isTTY ? 100 : 5000;
  }

  tick(bytes: number, nowMs = Date.now()): void {
    this.#done++;
    this.#bytes += bytes;
    if (nowMs - this.#lastMs >= this.#intervalMs || this.#done === this.#total) {
      this.#lastMs = nowMs;
      this.#write();
    }
  }

  finish(): void {
    if (this.#out.isTTY) this.#out.write('\n');
  }

  #write(): void {
    const pct = this.#total === 0 ? 100 : Math.floor((this.#done / this.#total) * 100);
    const text = `reading objects ${this.#done}/${this.#total} (${pct} %), ${(this.#bytes / 1048576).toFixed(1)} MiB`;
    this.#out.write(this.#out.isTTY ? `\r${text}` : `${text}\n`);
  }
}
