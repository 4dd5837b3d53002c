/**
 * A search over every text of the corpus, off the main thread: the pattern matches of a patterns
 * file, or the occurrences of a span's text. The worker reads the texts from IndexedDB itself, a
 * page at a time (storedTexts.ts), so the page sends it nothing but the search; each page's
 * matches go back as columns whose buffers are transferred. The matches' texts stay here, by search,
 * until the page asks for them (to store the matches as suggestions) or lets them go: the page then
 * holds typed arrays alone, and collects no string per match after every search.
 *
 * Given the documents' heads, the worker keeps the texts it read (heldTexts.ts) for the next search
 * (the client keeps the worker a while, keptWorker.ts): reading them is most of a search's time;
 * and after answering, bundles those it read from `documents` into the search cache (textBundles.ts),
 * which the next new Worker reads first.
 */
import { searcherOf } from '../model/corpusSearch';
import { MatchColumnsBuilder, transferablesOf, type MatchTexts } from '../model/matchColumns';
import { HeldTexts } from './heldTexts';
import { ListedKeys } from './listedKeys';
import type { PatternRequest, PatternResponse, TextsAnswer } from './patternsProtocol';
import { storedTexts, type StoredKey, type StoredTextPage } from './storedTexts';

const reply = (message: PatternResponse, transfer: Transferable[] = []) => self.postMessage(message, { transfer });

const held = new HeldTexts((text) => text);
const listed = new ListedKeys();
/** Each search's matches' texts, a set per page of columns sent, until the page releases them. */
const quoted = new Map<number, MatchTexts[]>();

async function* heldPages(databaseName: string, documents: readonly StoredKey[]): AsyncGenerator<StoredTextPage> {
  for await (const page of held.pages(databaseName, documents))
    yield { documents: page.documents.map(({ id, value }) => ({ id, text: value })), total: page.total };
}

self.onmessage = async (event: MessageEvent<PatternRequest>) => {
  const message = event.data;
  if (message.type === 'keys') return listed.take(message);
  if (message.type === 'texts') {
    message.port.postMessage((quoted.get(message.id)?.[message.page] ?? null) satisfies TextsAnswer);
    return message.port.close();
  }
  if (message.type === 'release') return void quoted.delete(message.id);
  const { id, databaseName, search } = message;
  const documents = message.listed ? listed.keys : null;
  const texts: MatchTexts[] = [];
  quoted.set(id, texts);
  try {
    const find = searcherOf(search);
    let done = 0;
    for await (const page of documents ? heldPages(databaseName, documents) : storedTexts(databaseName)) {
      const builder = new MatchColumnsBuilder();
      for (const document of page.documents) builder.add(document.id, find(document.text));
      done += page.documents.length;
      const { columns, texts: pageTexts } = builder.build();
      texts.push(pageTexts);
      reply({ type: 'matched', done, total: Math.max(page.total, done), found: columns }, transferablesOf(columns));
    }
    // Answered first; then the texts read from `documents` go into the search cache for the next new Worker.
    if (documents) await held.cacheTexts(databaseName, () => reply({ type: 'finished' }));
    else reply({ type: 'finished' });
  } catch (error) {
    quoted.delete(id);
    reply({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  }
};
