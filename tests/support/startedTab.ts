import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SpanwrightDatabase } from '../../src/lib/storage/database';
import { Store } from '../../src/lib/storage/store';
import { Workbench, type WorkbenchEnvironment } from '../../src/lib/state/workbench.svelte';

const corpusFolder = join(import.meta.dirname, '../../public/corpus');

/**
 * Tabs of the app over one database `name` (started again: a reload), with the browser storage each
 * test gives (`environment`); `stopAll` stops them and deletes the database (for `afterEach`).
 */
export function tabsOver(name: string) {
  const open: Workbench[] = [];
  return {
    async start(environment: Partial<WorkbenchEnvironment> = {}): Promise<Workbench> {
      const workbench = new Workbench({
        store: new Store(new SpanwrightDatabase(name)),
        fetchCorpusFile: async (path) => new Response(readFileSync(join(corpusFolder, path))),
        now: () => 1_700_000_000_000,
        ...environment,
      });
      open.push(workbench);
      await workbench.start();
      return workbench;
    },
    /** Stops the tabs started (a closed browser), keeping the database. */
    stop(): void {
      for (const workbench of open.splice(0)) workbench.stop();
    },
    async stopAll(): Promise<void> {
      for (const workbench of open.splice(0)) workbench.stop();
      await new SpanwrightDatabase(name).delete();
    },
  };
}
