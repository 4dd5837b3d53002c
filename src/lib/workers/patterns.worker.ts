/**
 * Pattern matching over the corpus, off the main thread: the patterns arrive first and are compiled
 * once, then the documents in chunks, each answered with its matches (as columns whose buffers are
 * transferred) and the count done so far. Calls the pure model modules.
 */
import { MatchColumnsBuilder } from '../model/matchColumns';
import { PatternMatcher } from '../model/patternMatcher';
import type { PatternRequest, PatternResponse } from './patternsProtocol';

let matcher = new PatternMatcher([]);
let done = 0;

const reply = (message: PatternResponse, transfer: Transferable[] = []) => self.postMessage(message, { transfer });

self.onmessage = (event: MessageEvent<PatternRequest>) => {
  const message = event.data;
  if (message.type === 'start') {
    matcher = new PatternMatcher(message.patterns);
    done = 0;
  } else if (message.type === 'documents') {
    const builder = new MatchColumnsBuilder();
    for (const document of message.documents) builder.add(document.id, matcher.match(document.text));
    done += message.documents.length;
    const found = builder.build();
    reply({ type: 'matched', done, found }, [
      found.counts.buffer,
      found.starts.buffer,
      found.ends.buffer,
      found.kinds.buffer,
    ]);
  } else {
    reply({ type: 'finished' });
  }
};
