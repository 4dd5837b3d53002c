import { describe, expect, it, vi } from 'vitest';
import { documentOf, until, useWorkbench } from '../../support/workbench';

const startWorkbench = useWorkbench();

describe('texts read on demand (the list holds heads only)', () => {
  it('starts with heads in the list and only the open document read with its text', async () => {
    const workbench = await startWorkbench();
    expect(workbench.corpus.documents).toHaveLength(5);
    for (const head of workbench.corpus.documents) expect(head).not.toHaveProperty('text');
    const open = workbench.document.current!;
    expect(open).toEqual(await documentOf(workbench, open.id));
  });

  it('knows a new document’s title at once, shows its text once read, and has the next one read ahead', async () => {
    const workbench = await startWorkbench();
    const reads = vi.spyOn(workbench.store, 'readDocument');
    const [, second, third] = workbench.corpus.documents;
    workbench.open(second.id);
    // The head is the corpus's: the title is there before the text.
    expect(workbench.document.head?.title).toBe(second.title);
    await until(() => workbench.document.current?.id === second.id);
    expect(workbench.document.current!.text).toBe((await documentOf(workbench, second.id)).text);
    await until(() => reads.mock.calls.some(([id]) => id === third.id));
    workbench.open(third.id);
    await until(() => workbench.document.current?.id === third.id);
    expect(reads.mock.calls.filter(([id]) => id === third.id)).toHaveLength(1);
  });

  it('searches the texts a page at a time, showing how far it has read, and finds words only the text has', async () => {
    const workbench = await startWorkbench();
    const documents = await Promise.all(workbench.corpus.documents.map((head) => documentOf(workbench, head.id)));
    // A word in one text and in no title.
    const target = documents.find(
      (document) => document.text.includes('Shoigu') && documents.every((other) => !other.title.includes('Shoigu')),
    );
    const word = target ? 'shoigu' : 'pyongyang';
    const expected = documents
      .filter((document) => document.text.toLowerCase().includes(word) || document.title.toLowerCase().includes(word))
      .map((document) => document.id);
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(5);
    workbench.corpus.search(word.toUpperCase());
    expect(workbench.corpus.searchProgress).toEqual({ done: 0, total: 5 });
    await until(() => workbench.corpus.searchProgress === null);
    expect(workbench.corpus.filteredEntries.map((entry) => entry.document.id)).toEqual(expected);
    workbench.corpus.search('');
    expect(workbench.corpus.filteredEntries).toHaveLength(5);
  });

  it('marks a document done, and reopens it, while its text is still being read', async () => {
    const workbench = await startWorkbench();
    // Not the second: it is read ahead as the first opens.
    const fourth = workbench.corpus.documents[3];
    const read = workbench.store.readDocument.bind(workbench.store);
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    vi.spyOn(workbench.store, 'readDocument').mockImplementation(async (id) => (await held, read(id)));
    workbench.open(fourth.id);
    expect(workbench.document.current).toBeNull();
    await workbench.labelling.markCurrent('done', false);
    await until(() => workbench.corpus.statusOf(fourth.id) === 'done');
    await workbench.labelling.markCurrent('todo', false);
    await until(() => workbench.corpus.statusOf(fourth.id) === 'todo');
    release();
    await until(() => workbench.document.current?.id === fourth.id);
  });
});
