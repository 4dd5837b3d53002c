/**
 * The document list's search through the texts, off the main thread: the worker reads the texts
 * from IndexedDB itself, a page at a time (storedTexts.ts), folds each as the list's search does,
 * and sends back each page's matching ids with how far it has read.
 */
import { searchable } from '../model/searchable';
import { storedTexts } from './storedTexts';
import type { TextSearchRequest, TextSearchResponse } from './textSearchProtocol';

const reply = (message: TextSearchResponse) => self.postMessage(message);

self.onmessage = async (event: MessageEvent<TextSearchRequest>) => {
  const { databaseName, query } = event.data;
  try {
    let done = 0;
    for await (const { documents, total } of storedTexts(databaseName)) {
      const ids = documents.filter((document) => searchable(document.text).includes(query)).map(({ id }) => id);
      done += documents.length;
      reply({ type: 'found', ids, done, total });
    }
    reply({ type: 'finished' });
  } catch (error) {
    reply({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  }
};
