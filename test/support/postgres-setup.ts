// vitest global setup of the integration-pg project: one scratch Postgres for the whole run (each Stack makes its own
// database on it), its address handed to the test files as `pg`.
import type { TestProject } from 'vitest/node';
import { startScratchPostgres } from './postgres.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pg: { url: string; dataDir: string } | null;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const pg = await startScratchPostgres();
  project.provide('pg', { url: pg.url, dataDir: pg.dataDir });
  return () => pg.stop();
}
