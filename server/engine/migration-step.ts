import type { Engine } from './engine';

/** Work a migration needs done in Node, after its statements and before its record (migration-steps.ts). */
export interface MigrationStep {
  /** For `npm run schema`: what the step does on one server or the named cluster, since it is no SQL to print. */
  describe(cluster: string | undefined): string;
  /** Runs again in full after a crash before the migration's record, so it must be safe to repeat. */
  run(engine: Engine, cluster: string | undefined): Promise<void>;
}
