import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { Document, Span } from '../../src/lib/model/types';
import { SpanwrightDatabase } from '../../src/lib/storage/database';
import { createSpan, putSpans } from '../../src/lib/storage/spans';
import { Store } from '../../src/lib/storage/store';
import { Workbench } from '../../src/lib/state/workbench.svelte';

const corpusFolder = join(import.meta.dirname, '../../public/corpus');
const databases = new WeakMap<Workbench, SpanwrightDatabase>();

/**
 * The database behind a workbench of this fixture: tests write to it directly (as another tab
 * would, through storage functions) or break it on purpose; the app reaches it only through its Store.
 */
export function databaseOf(workbench: Workbench): SpanwrightDatabase {
  const database = databases.get(workbench);
  if (!database) throw new Error('this workbench was not made by the fixture');
  return database;
}

/** A started workbench over a fresh fake-indexeddb database holding the default corpus. */
export async function startedWorkbench(): Promise<Workbench> {
  const database = new SpanwrightDatabase(`component-${Math.random()}`);
  const workbench = new Workbench({
    store: new Store(database),
    fetchCorpusFile: async (path) => new Response(readFileSync(join(corpusFolder, path))),
    now: () => 1_700_000_000_000,
  });
  databases.set(workbench, database);
  await workbench.start();
  await until(() => workbench.document.current !== null && workbench.corpus.labels.length > 0);
  return workbench;
}

/** Polls `condition` until it holds; a throw counts as "not yet" and is reported if time runs out. */
export async function until(condition: () => boolean, timeout = 3000): Promise<void> {
  const started = Date.now();
  for (;;) {
    let failure: unknown = null;
    try {
      if (condition()) return;
    } catch (error) {
      failure = error;
    }
    if (Date.now() - started > timeout) throw failure ?? new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * A started workbench for each test of the calling file, stopped and deleted after it:
 * call at the top of a test file, then `await workbench()` inside a test.
 */
export function useWorkbench(): () => Promise<Workbench> {
  let current: Workbench | null = null;
  afterEach(async () => {
    current?.stop();
    await current?.store.destroy();
    current = null;
  });
  return async () => (current = await startedWorkbench());
}

/**
 * Stores a span over the first `phrase` of the open document in the annotator's layer, as
 * labelling would (or, for a label the set lacks, as a file or the team brings it), and returns
 * it with its start (code points).
 */
export async function spanInOpenDocument(
  workbench: Workbench,
  phrase: string,
  label: string,
): Promise<{ span: Span; at: number }> {
  const document = workbench.document.current!;
  const at = [...document.text.slice(0, document.text.indexOf(phrase))].length;
  const input = {
    documentId: document.id,
    annotator: workbench.session.annotator,
    start: at,
    end: at + [...phrase].length,
    label,
    text: phrase,
  };
  if (await databaseOf(workbench).labels.get(label))
    return { span: await createSpan(databaseOf(workbench), input), at };
  const span: Span = { ...input, id: crypto.randomUUID(), created: 1, updated: 1 };
  await putSpans(databaseOf(workbench), [span]);
  return { span, at };
}

/** Every stored document with its text, in list order (the workbench's list holds heads only). */
export function documentsOf(workbench: Workbench): Promise<Document[]> {
  return databaseOf(workbench).documents.orderBy('order').toArray();
}

/** One stored document with its text. */
export async function documentOf(workbench: Workbench, id: string): Promise<Document> {
  const document = await databaseOf(workbench).documents.get(id);
  if (!document) throw new Error(`no document ${id}`);
  return document;
}
