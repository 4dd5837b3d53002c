/**
 * The near-duplicate search, off the main thread: a new worker reads the stored signatures first
 * (signatureCache.ts: those whose id and fingerprint are listed), then reads from IndexedDB itself
 * (storedTexts.ts) only the texts of the documents left, signs each as it comes, with progress
 * reported, then answers with the pairs. It keeps each document's signature (heldTexts.ts), so the
 * next search (the client keeps the worker, keptWorker.ts) reads and signs only the texts that are
 * new or changed; after answering, it stores the signatures it computed (signatureCache.ts) and
 * bundles the texts it read from `documents` into the search cache (textBundles.ts), shared with
 * the pattern search, for the next new Worker. Calls the pure model module.
 */
import { NearDuplicateIndex, textSignature } from '../model/nearDuplicates';
import { HeldTexts } from './heldTexts';
import { ListedKeys } from './listedKeys';
import type { NearDuplicateRequest, NearDuplicateResponse } from './nearDuplicatesProtocol';
import { SignatureCachePass } from './signatureCache';

/** Each document's signature (null for a text without words), and the stored cache of them. */
const signatures = new HeldTexts(textSignature, () => new SignatureCachePass());
const listed = new ListedKeys();

const reply = (message: NearDuplicateResponse) => self.postMessage(message);

self.onmessage = async (event: MessageEvent<NearDuplicateRequest>) => {
  const message = event.data;
  if (message.type === 'keys') return listed.take(message);
  const { databaseName } = message;
  try {
    const index = new NearDuplicateIndex();
    let done = 0;
    for await (const page of signatures.pages(databaseName, listed.keys)) {
      for (const { id, value } of page.documents) index.addSigned(id, value);
      done += page.documents.length;
      reply({ type: 'progress', done });
    }
    const pairs = index.pairs();
    // Answered first; then the signatures computed and the texts read from `documents` are cached for the next new Worker.
    await signatures.cacheTexts(databaseName, () => reply({ type: 'pairs', pairs }));
  } catch (error) {
    reply({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  }
};
