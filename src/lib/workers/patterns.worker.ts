/**
 * Pattern matching over the corpus, off the main thread: the patterns arrive first and are compiled
 * once, then the documents in chunks, each answered with its matches and the count done so far.
 * Calls the pure model module.
 */
import { PatternMatcher } from '../model/patternMatcher';
import type { DocumentMatches, PatternRequest, PatternResponse } from './patternsProtocol';

let matcher = new PatternMatcher([]);
let done = 0;

const reply = (message: PatternResponse) => self.postMessage(message);

self.onmessage = (event: MessageEvent<PatternRequest>) => {
  const message = event.data;
  if (message.type === 'start') {
    matcher = new PatternMatcher(message.patterns);
    done = 0;
  } else if (message.type === 'documents') {
    const found: DocumentMatches[] = [];
    for (const document of message.documents) {
      const matches = matcher.match(document.text);
      if (matches.length > 0) found.push({ documentId: document.id, matches });
    }
    done += message.documents.length;
    reply({ type: 'matched', done, found });
  } else {
    reply({ type: 'finished' });
  }
};
