/**
 * The import as the app runs it in Chromium: the page's `WorkerImport` talking to the Worker's
 * handler (incomingJob.ts) through messages. A stand-in Worker runs the handler on this thread,
 * with every message structurally cloned as a real Worker would, and the handler works on this
 * test's database connection (so a test can make a write fail).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { textFingerprint } from '../../../src/lib/model/fingerprint';
import { DEFAULT_LABELS } from '../../../src/lib/model/labels';
import { SpanwrightDatabase } from '../../../src/lib/storage/database';
import { addDocuments } from '../../../src/lib/storage/documentRows';
import { FileStore } from '../../../src/lib/storage/fileStore';
import { WorkerImport } from '../../../src/lib/storage/incomingClient';
import { START_MS } from '../../../src/lib/storage/workerStart';
import { incomingHandler } from '../../../src/lib/storage/incomingJob';
import type { IncomingRequest, IncomingResponse } from '../../../src/lib/storage/incomingProtocol';
import type { ImportOptions } from '../../../src/lib/storage/importer';
import { INTERRUPTED, keptSince } from '../../../src/lib/storage/importTypes';
import { createSpan } from '../../../src/lib/storage/spans';
import { isQuotaError } from '../../../src/lib/storage/writeErrors';

let database: SpanwrightDatabase;
const workers: StandInWorker[] = [];
/** How many of the next Workers made hang: their code never loads, so they never answer. */
let hanging = 0;

/** Clones a message as postMessage does; Node's clone of a File drops its name, so files cross as they are. */
function cloned<T>(message: T): T {
  if (typeof message === 'object' && message && 'source' in message) {
    const { source, ...rest } = message as { source: { files: File[] } };
    return {
      ...structuredClone(rest),
      source: { ...structuredClone({ ...source, files: [] }), files: source.files },
    } as T;
  }
  return structuredClone(message);
}

class StandInWorker {
  onmessage: ((event: { data: IncomingResponse }) => void) | null = null;
  onerror: ((event: { message: string }) => void) | null = null;
  onmessageerror: (() => void) | null = null;
  terminated = false;
  readonly hangs = hanging-- > 0;
  readonly #handle = incomingHandler(
    (message) => setTimeout(() => !this.terminated && this.onmessage?.({ data: cloned(message) })),
    () => database,
  );

  constructor() {
    workers.push(this);
  }

  postMessage(message: IncomingRequest): void {
    if (!this.terminated && !this.hangs) setTimeout(() => void this.#handle(cloned(message)));
  }

  terminate(): void {
    this.terminated = true;
  }

  /** The Worker dies (out of memory, say), as Chromium reports it to the page. */
  crash(): void {
    this.terminated = true;
    this.onerror?.({ message: 'Uncaught RangeError: Array buffer allocation failed' });
  }
}

beforeEach(async () => {
  vi.stubGlobal('Worker', StandInWorker);
  workers.length = 0;
  hanging = 0;
  database = new SpanwrightDatabase(`incoming-${Math.random()}`);
  await database.labels.bulkAdd(DEFAULT_LABELS.map((label) => ({ ...label })));
});
afterEach(async () => {
  vi.unstubAllGlobals();
  await database.delete();
});

const options = (more: Partial<ImportOptions> = {}): ImportOptions => ({
  format: 'native',
  defaultAnnotator: 'me',
  now: () => 5,
  ...more,
});

/** 2,500 documents with a span each: three of the importer's batches. */
const bigFile = () => {
  const lines = Array.from({ length: 2500 }, (_, index) =>
    JSON.stringify({
      id: `doc-${index}`,
      text: `text number ${index}`,
      spans: [{ start: 0, end: 4, label: 'claim', text: 'text' }],
    }),
  );
  return new File([lines.join('\n')], 'big.jsonl');
};

const snapshot = async () => ({
  documents: await database.documents.count(),
  spans: await database.spans.count(),
  statuses: await database.statuses.count(),
  labels: (await database.labels.toArray()).map((label) => label.name),
});

describe('an import in a Worker', () => {
  it('analyses the file again on a new Worker when the first never answers (its code never loaded)', async () => {
    hanging = 1;
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const job = new WorkerImport(database.name, bigFile(), options());
      const analysed = job.analyse();
      await vi.advanceTimersByTimeAsync(START_MS - 100);
      expect(workers).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(200);
      expect(workers).toHaveLength(2);
      expect(workers[0].terminated).toBe(true);
      vi.useRealTimers();
      expect(await analysed).toMatchObject({ records: 2500, newDocuments: 2500, errorCount: 0 });
      expect(await job.commit()).toEqual({ documentsAdded: 2500, spansAdded: 2500, labelsAdded: [] });
      expect(console.warn).toHaveBeenCalledWith(
        expect.stringMatching(/^The import Worker said nothing for 10 s; analysing big\.jsonl again/u),
      );
    } finally {
      vi.useRealTimers();
      vi.restoreAllMocks();
    }
  });

  it('says so, and stores nothing, when the new Worker never answers either', async () => {
    hanging = 2;
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const before = await snapshot();
      const analysed = new WorkerImport(database.name, bigFile(), options()).analyse();
      analysed.catch(() => undefined);
      await vi.advanceTimersByTimeAsync(2 * START_MS + 100);
      await expect(analysed).rejects.toThrow('the import Worker said nothing for 10 s');
      expect(workers.map((worker) => worker.terminated)).toEqual([true, true]);
      vi.useRealTimers();
      expect(await snapshot()).toEqual(before);
    } finally {
      vi.useRealTimers();
      vi.restoreAllMocks();
    }
  });

  it('is what FileStore hands out where there are Workers, and stores the file with the page’s clock', async () => {
    const phases = new Set<string>();
    const job = new FileStore(database).importFile(
      bigFile(),
      options({ onProgress: ({ phase }) => phases.add(phase) }),
    );
    expect(await job.analyse()).toMatchObject({ records: 2500, newDocuments: 2500, newSpans: 2500, errorCount: 0 });
    // Analysed in a Worker (the job FileStore hands out tells it of the other files of the dialog, importsTogether.ts).
    expect(workers).toHaveLength(1);
    expect(workers[0].terminated).toBe(false);
    expect(await job.commit()).toEqual({ documentsAdded: 2500, spansAdded: 2500, labelsAdded: [] });
    expect(await snapshot()).toMatchObject({ documents: 2500, spans: 2500, statuses: 2500 });
    expect((await database.spans.toArray()).every((span) => span.created === 5)).toBe(true);
    expect([...phases]).toEqual(['reading', 'writing']);
    // Done: its Worker is ended, and the parsed records with it.
    expect(workers).toHaveLength(1);
    expect(workers[0].terminated).toBe(true);
  });

  it('stores nothing when cancelled while writing, and rejects with the cancel’s reason', async () => {
    const before = await snapshot();
    const cancel = new AbortController();
    const reason = new DOMException('The import was cancelled.', 'AbortError');
    const job = new WorkerImport(database.name, bigFile(), {
      ...options(),
      signal: cancel.signal,
      onProgress: (progress) => progress.phase === 'writing' && progress.done > 0 && cancel.abort(reason),
    });
    expect((await job.analyse()).errorCount).toBe(0);
    await expect(job.commit()).rejects.toBe(reason);
    expect(await snapshot()).toEqual(before);
    expect(workers[0].terminated).toBe(true);
  });

  it('says, across the Worker, what a cancel kept because another tab labelled it meanwhile', async () => {
    const cancel = new AbortController();
    const reason = new DOMException('The import was cancelled.', 'AbortError');
    let labelled = false;
    const job = new WorkerImport(database.name, bigFile(), {
      ...options(),
      signal: cancel.signal,
      onProgress: (progress) => {
        if (progress.phase !== 'writing' || progress.done === 0 || labelled) return;
        labelled = true;
        void createSpan(database, {
          documentId: 'doc-7',
          annotator: 'other',
          start: 5,
          end: 11,
          label: 'visit',
          text: 'number',
        }).then(() => cancel.abort(reason));
      },
    });
    expect((await job.analyse()).errorCount).toBe(0);
    const error = await job.commit().then(
      () => null,
      (rejected: unknown) => rejected,
    );
    expect(error).toBe(reason);
    expect(keptSince(error)).toEqual({ documentsKept: 1, spansKept: 1 });
    expect(await snapshot()).toMatchObject({ documents: 1, spans: 2 });
  });

  it('runs a commit to its end when the dialog lets go of it meanwhile (never half a file)', async () => {
    const job = new WorkerImport(database.name, bigFile(), {
      ...options(),
      onProgress: (progress) => progress.phase === 'writing' && job.close(),
    });
    await job.analyse();
    expect(await job.commit()).toMatchObject({ documentsAdded: 2500 });
    expect(await snapshot()).toMatchObject({ documents: 2500, spans: 2500 });
  });

  it('says a full disk is a full disk, and takes back what it wrote', async () => {
    const before = await snapshot();
    const job = new WorkerImport(database.name, bigFile(), options());
    await job.analyse();
    let written = 0;
    database.spans.hook('creating', () => {
      if (++written > 1500) throw new DOMException('simulated full disk', 'QuotaExceededError');
    });
    const failure = await job.commit().catch((error: unknown) => error);
    expect(isQuotaError(failure)).toBe(true);
    expect(await snapshot()).toEqual(before);
  });

  it('stores the file’s document beside one another tab stored under its id between the check and the import', async () => {
    const line = JSON.stringify({ id: 'x', text: 'the text checked', spans: [] });
    const job = new WorkerImport(database.name, new File([`${line}\n`], 'one.jsonl'), options());
    expect((await job.analyse()).errorCount).toBe(0);
    // Another tab stores a document of the same id, with another text.
    await database.transaction('rw', [database.documents, database.heads], () =>
      addDocuments(database, [
        {
          id: 'x',
          title: 'x',
          text: 'other',
          source: 's',
          meta: {},
          order: 0,
          created: 1,
          fingerprint: textFingerprint('other'),
        },
      ]),
    );
    // The file's text is stored beside it under a new id: neither text is lost.
    expect(await job.commit()).toMatchObject({ documentsAdded: 1 });
    expect((await database.documents.get('x'))?.text).toBe('other');
    expect((await database.documents.where('id').startsWith('x~').toArray()).map((document) => document.text)).toEqual([
      'the text checked',
    ]);
  });

  it('says a commit whose Worker died may have stored part of the file (it could not take its batches back)', async () => {
    const job = new WorkerImport(database.name, bigFile(), {
      ...options(),
      onProgress: (progress) => progress.phase === 'writing' && progress.done > 0 && workers[0].crash(),
    });
    await job.analyse();
    const failure = await job.commit().catch((error: unknown) => error);
    expect(failure).toMatchObject({
      name: INTERRUPTED,
      message: 'Uncaught RangeError: Array buffer allocation failed',
    });
    // A Worker dying while it checks a file stores nothing: an ordinary failure.
    const checking = new WorkerImport(database.name, bigFile(), options());
    const analysis = checking.analyse();
    await vi.waitFor(() => expect(workers).toHaveLength(2));
    workers[1].crash();
    expect(await analysis.catch((error: unknown) => error)).toMatchObject({ name: 'Error' });
  });

  it('ends its Worker when the file has errors (it will not be committed) or its check is cancelled', async () => {
    const broken = new WorkerImport(database.name, new File(['{"id": 1, "text": 2}\n'], 'bad.jsonl'), options());
    expect((await broken.analyse()).errorCount).toBeGreaterThan(0);
    expect(workers[0].terminated).toBe(true);

    const cancel = new AbortController();
    const checking = new WorkerImport(database.name, bigFile(), { ...options(), signal: cancel.signal });
    const analysis = checking.analyse();
    await vi.waitFor(() => expect(workers).toHaveLength(2));
    cancel.abort(new DOMException('The import was cancelled.', 'AbortError'));
    await expect(analysis).rejects.toThrow('The import was cancelled.');
    expect(workers[1].terminated).toBe(true);
  });
});
