import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { clickhouseConnectionFromUrl, DbtRunner, refreshMarts, type WarehouseClient } from '@qc/ingest';
import type { Logger } from '../logger.js';
import { analyticsInputsChanged } from '../services/analytics-cache.js';

/** The repository root: where dbt/ and .venv/ are (the same from src/ and from dist/src/). */
export function repositoryRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (fs.existsSync(path.join(dir, 'dbt', 'dbt_project.yml'))) return dir;
    dir = path.dirname(dir);
  }
  throw new Error('dbt/dbt_project.yml not found above ops-api');
}

/**
 * Rebuilds the marts with dbt after loads: debounced (a burst of uploads makes one build), one at a
 * time, and once more if loads arrived while a build ran.
 */
export class MartsRefresher {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  readonly runner: DbtRunner;

  constructor(
    private readonly o: { warehouse: WarehouseClient; dataDir: string; clickhouseUrl?: string | undefined; logger: Logger; debounceMs?: number },
  ) {
    this.runner = new DbtRunner({ rootDir: repositoryRoot(), runsDir: path.join(o.dataDir, 'dbt-runs') });
  }

  get available(): boolean {
    return this.runner.isAvailable();
  }

  /** Asks for a rebuild soon. */
  request(): void {
    if (this.timer) clearTimeout(this.timer);
    // a failed build is logged, never an unhandled rejection of the timer
    this.timer = setTimeout(() => this.refreshNow().catch((err: unknown) => this.o.logger.error({ err }, 'marts refresh failed')), this.o.debounceMs ?? 5_000);
  }

  /** Rebuilds now (or after the build in progress). */
  async refreshNow(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        const result = await refreshMarts(this.o.warehouse, this.runner, {
          ...(this.o.clickhouseUrl ? { clickhouse: clickhouseConnectionFromUrl(this.o.clickhouseUrl) } : {}),
        });
        if (result.ok) {
          analyticsInputsChanged();
          this.o.logger.info({ ms: result.elapsedMs, nodes: result.counts }, 'marts rebuilt');
        }
        else this.o.logger.error({ error: result.error, counts: result.counts, logs: result.logs.slice(-2000) }, 'dbt build failed; previous marts kept');
        this.runner.pruneRuns(10);
      } while (this.again);
    })().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }
}
