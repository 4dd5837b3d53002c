/**
 * A search over every text of the corpus, off the main thread: the pattern matches of a patterns
 * file, or the occurrences of a span's text. The worker reads the texts from IndexedDB itself, a
 * page at a time (storedTexts.ts), so the page sends it nothing but the search; each page's
 * matches go back as columns whose buffers are transferred, each match with its text.
 */
import { searcherOf } from '../model/corpusSearch';
import { MatchColumnsBuilder, transferablesOf } from '../model/matchColumns';
import type { PatternRequest, PatternResponse } from './patternsProtocol';
import { storedTexts } from './storedTexts';

const reply = (message: PatternResponse, transfer: Transferable[] = []) => self.postMessage(message, { transfer });

self.onmessage = async (event: MessageEvent<PatternRequest>) => {
  const { databaseName, search } = event.data;
  try {
    const find = searcherOf(search);
    let done = 0;
    for await (const { documents, total } of storedTexts(databaseName)) {
      const builder = new MatchColumnsBuilder();
      for (const document of documents) builder.add(document.id, find(document.text));
      done += documents.length;
      const found = builder.build();
      reply({ type: 'matched', done, total, found }, transferablesOf(found));
    }
    reply({ type: 'finished' });
  } catch (error) {
    reply({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  }
};
