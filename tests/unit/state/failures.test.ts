import { describe, expect, it, vi } from 'vitest';
import { Transfers } from '../../../src/lib/state/transfers.svelte';
import { FileImport } from '../../../src/lib/storage/importer';
import { SpanwrightDatabase } from '../../../src/lib/storage/database';
import { INTERRUPTED } from '../../../src/lib/storage/importTypes';
import { Locks } from '../../support/locks';
import { databaseOf, until, useWorkbench } from '../../support/workbench';

const startWorkbench = useWorkbench();
const quotaError = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');

describe('failed writes', () => {
  it('shows no span as saved when its write fails, and says why', async () => {
    const workbench = await startWorkbench();
    const document = workbench.document.current!;
    databaseOf(workbench).spans.hook('creating', () => {
      throw quotaError();
    });
    expect(await workbench.labelling.createFromRange(document, 'claim', 0, 5, false)).toBeNull();
    expect(workbench.document.spans).toEqual([]);
    expect(await databaseOf(workbench).spans.count()).toBe(0);
    expect(workbench.session.notice).toEqual({
      tone: 'error',
      text: expect.stringMatching(/^Not saved: the browser has no storage space left/u),
    });
    expect(workbench.labelling.history.canUndo).toBe(false);
  });

  it('rolls an import back when the disk fills, saying how much space it needs, and asks for persistence only after a stored import', async () => {
    const workbench = await startWorkbench();
    let stored = 0;
    const transfers = new Transfers(workbench.store, {
      estimate: async () => ({ usage: 90 * 1048576, quota: 100 * 1048576 }),
      onStored: () => stored++,
    });
    const before = await databaseOf(workbench).documents.count();
    const lines = Array.from({ length: 1500 }, (_, index) =>
      JSON.stringify({ id: `d${index}`, text: `text ${index} `.repeat(400), spans: [] }),
    ).join('\n');
    await transfers.add([new File([lines], 'big.jsonl')], workbench.session.annotator);
    const [item] = transfers.pending;
    await until(() => item.state.kind === 'ready', 10_000);
    let written = 0;
    const failAfterFirstBatch = () => {
      if (++written > 1000) throw quotaError();
    };
    databaseOf(workbench).documents.hook('creating', failAfterFirstBatch);
    await transfers.commitAll();
    expect(item.state.kind).toBe('failed');
    const message = item.state.kind === 'failed' ? item.state.message : '';
    expect(message).toMatch(/nothing from it was kept/u);
    expect(message).toMatch(/needs about \d+ MB; 10 MB is free, so about \d+ MB more is needed/u);
    expect(await databaseOf(workbench).documents.count()).toBe(before);
    expect(stored).toBe(0);

    databaseOf(workbench).documents.hook('creating').unsubscribe(failAfterFirstBatch);
    await transfers.add(
      [new File([JSON.stringify({ id: 'small', text: 'a small document', spans: [] })], 'small.jsonl')],
      workbench.session.annotator,
    );
    const small = transfers.pending.at(-1)!;
    await until(() => small.state.kind === 'ready');
    await transfers.commitAll();
    expect(small.state.kind).toBe('imported');
    expect(stored).toBe(1);
  });

  it('says part of a file may be stored when its import Worker died mid-commit, and how to complete it', async () => {
    const workbench = await startWorkbench();
    const files = await workbench.store.files();
    vi.spyOn(files, 'importFile').mockImplementation((file, options) => {
      const job = new FileImport(databaseOf(workbench), file, options);
      job.commit = () => Promise.reject(Object.assign(new Error('the import worker failed'), { name: INTERRUPTED }));
      return job;
    });
    const transfers = new Transfers(workbench.store);
    await transfers.add(
      [new File([JSON.stringify({ id: 'one', text: 'one document', spans: [] })], 'one.jsonl')],
      workbench.session.annotator,
    );
    const [item] = transfers.pending;
    await until(() => item.state.kind === 'ready');
    await transfers.commitAll();
    expect(item.state).toEqual({
      kind: 'failed',
      message:
        'stopped before its end (the import worker failed); part of it may be stored. Import it again to complete it: what is already stored is not added twice.',
    });
  });

  it('takes back what an import Worker stored before it died mid-commit, and says nothing of the file is stored', async () => {
    const workbench = await startWorkbench();
    const locks = new Locks();
    Object.defineProperty(globalThis.navigator, 'locks', { value: locks, configurable: true });
    try {
      const files = await workbench.store.files();
      vi.spyOn(files, 'importFile').mockImplementation((file, options) => {
        // The Worker's own connection, closed after the first batch as when the Worker dies.
        const connection = new SpanwrightDatabase(databaseOf(workbench).name);
        const job = new FileImport(connection, file, {
          ...options,
          onProgress: (progress) => (progress.phase === 'writing' ? connection.close() : undefined),
        });
        const commit = job.commit.bind(job);
        job.commit = () =>
          commit().catch((error: unknown) => {
            throw Object.assign(new Error(`the import worker failed (${String(error)})`), { name: INTERRUPTED });
          });
        return job;
      });
      const before = await databaseOf(workbench).documents.count();
      const lines = Array.from({ length: 600 }, (_, index) =>
        JSON.stringify({ id: `w${index}`, text: `w ${index}`, spans: [] }),
      );
      const transfers = new Transfers(workbench.store);
      await transfers.add([new File([lines.join('\n')], 'dies.jsonl')], workbench.session.annotator);
      const [item] = transfers.pending;
      await until(() => item.state.kind === 'ready');
      await transfers.commitAll();
      expect(item.state).toEqual({
        kind: 'failed',
        message: expect.stringMatching(
          /^stopped before its end \(the import worker failed .*\); what it had stored was taken back, so nothing of it is stored\. Import it again\.$/u,
        ),
      });
      expect(await databaseOf(workbench).documents.count()).toBe(before);
      expect(await databaseOf(workbench).importJournal.count()).toBe(0);
    } finally {
      Reflect.deleteProperty(globalThis.navigator, 'locks');
    }
  });
});
