/// <reference types="node" />
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Transfers } from '../../../src/lib/state/transfers.svelte';
import { databaseOf, until, useWorkbench } from '../../support/workbench';

const startWorkbench = useWorkbench();

describe('files with nothing Spanwright can import', () => {
  it('an empty file says so on its card, keeps Import off even when a format is chosen, and stores nothing', async () => {
    const workbench = await startWorkbench();
    const before = await databaseOf(workbench).documents.count();
    const transfers = new Transfers(workbench.store);
    await transfers.add([new File([''], 'empty.jsonl')], workbench.session.annotator);
    const [item] = transfers.pending;
    await until(() => item.state.kind === 'failed');
    expect(item.state).toEqual({
      kind: 'failed',
      message: 'cannot be imported: the file is empty, so there is nothing to import.',
    });
    transfers.reanalyse(item, 'doccano', workbench.session.annotator);
    await until(() => item.state.kind === 'failed');
    expect(transfers.committable).toEqual([]);
    expect(await databaseOf(workbench).documents.count()).toBe(before);
  });

  it('a UTF-16 file is said to be one, once, before any format is chosen', async () => {
    const workbench = await startWorkbench();
    const transfers = new Transfers(workbench.store);
    const bytes = readFileSync('tests/fixtures/formats/utf16le-bom.jsonl');
    await transfers.add([new File([bytes], 'utf16.jsonl')], workbench.session.annotator);
    const [item] = transfers.pending;
    await until(() => item.state.kind === 'failed');
    expect(item.state).toEqual({
      kind: 'failed',
      message: 'cannot be imported: this file looks like UTF-16: save it as UTF-8 and import it again.',
    });
    expect(transfers.committable).toEqual([]);
  });

  it('a file read without a problem but holding no document ([]) is refused, not offered for “0 documents”', async () => {
    const workbench = await startWorkbench();
    const transfers = new Transfers(workbench.store);
    await transfers.add([new File(['[]'], 'nothing.json')], workbench.session.annotator);
    const [item] = transfers.pending;
    transfers.reanalyse(item, 'doccano', workbench.session.annotator);
    await until(() => item.state.kind === 'refused');
    expect(item.state.kind === 'refused' ? item.state.analysis.errors : []).toEqual([
      { line: 0, message: 'it holds no documents, so there is nothing to import' },
    ]);
    expect(transfers.committable).toEqual([]);
  });
  it('keeps a card still being read when another drop comes (a .zip opened in a Worker may finish after it)', async () => {
    const workbench = await startWorkbench();
    const transfers = new Transfers(workbench.store);
    const lines = Array.from({ length: 3000 }, (_, index) =>
      JSON.stringify({ id: `m${index}`, text: `Memo ${index}.` }),
    );
    await transfers.add([new File([lines.join('\n')], 'memos.jsonl')], workbench.session.annotator);
    const [memos] = transfers.pending;
    expect(['detecting', 'analysing']).toContain(memos.state.kind);
    await transfers.add(
      [new File([JSON.stringify({ id: 'n', text: 'Note.' })], 'note.jsonl')],
      workbench.session.annotator,
    );
    expect(transfers.pending.map((item) => item.file.name)).toEqual(['memos.jsonl', 'note.jsonl']);
    await until(() => memos.state.kind === 'ready');
  });
});
