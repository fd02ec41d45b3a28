/**
 * Progress on long scans: one self-overwriting line on a TTY, nothing otherwise (CI logs and
 * pipes stay clean). `--no-progress`, `--quiet` and CI=true turn it off.
 */
export interface Progress {
  update(phase: string, done: number, total: number): void;
  done(): void;
}

const SILENT: Progress = { update: () => {}, done: () => {} };

export function createProgress(options: { enabled: boolean; stream?: NodeJS.WriteStream; now?: () => number }): Progress {
  const stream = options.stream ?? process.stderr;
  if (!options.enabled || !stream.isTTY || process.env.CI) return SILENT;
  const now = options.now ?? Date.now;
  const started = now();
  let lastDraw = 0;
  let drawn = false;
  return {
    update(phase, done, total) {
      const t = now();
      if (t - lastDraw < 100 && done < total) return;
      lastDraw = t;
      const pct = total > 0 ? Math.floor((done / total) * 100) : 0;
      const elapsed = Math.round((t - started) / 1000);
      stream.write(`\r\x1b[2K${phase}: ${done}/${total} (${pct}%) ${elapsed}s`);
      drawn = true;
    },
    done() {
      if (drawn) stream.write("\r\x1b[2K");
    },
  };
}
