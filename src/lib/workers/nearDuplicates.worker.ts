/**
 * The near-duplicate search, off the main thread: documents arrive in chunks (each signed as it
 * comes, with progress reported), then `find` answers with the pairs. Calls the pure model module.
 */
import { NearDuplicateIndex } from '../model/nearDuplicates';
import type { NearDuplicateRequest, NearDuplicateResponse } from './nearDuplicatesProtocol';

let index = new NearDuplicateIndex();
let received = 0;

const reply = (message: NearDuplicateResponse) => self.postMessage(message);

self.onmessage = (event: MessageEvent<NearDuplicateRequest>) => {
  const message = event.data;
  if (message.type === 'start') {
    index = new NearDuplicateIndex();
    received = 0;
  } else if (message.type === 'documents') {
    for (const document of message.documents) index.add(document);
    received += message.documents.length;
    reply({ type: 'progress', done: received });
  } else {
    reply({ type: 'pairs', pairs: index.pairs() });
  }
};
