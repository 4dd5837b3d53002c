import { describe, expect, it } from 'vitest';
import { KEYS_PER_MESSAGE, ListedKeys, postKeys, type KeysMessage } from '../../../src/lib/workers/listedKeys';

/** A Worker stand-in that hands each message to a list as the Worker would. */
function receiver() {
  const messages: KeysMessage[] = [];
  const listed = new ListedKeys();
  const worker = {
    postMessage(message: KeysMessage) {
      messages.push(structuredClone(message));
      listed.take(structuredClone(message));
    },
  };
  return { messages, listed, worker };
}

const headsOf = (count: number) =>
  Array.from({ length: count }, (_, index) => ({
    id: `doc-${index}`,
    title: `Document ${index}`,
    order: index,
    fingerprint: `f${index}`,
    length: 10,
  }));

describe('the list of documents sent to a search Worker', () => {
  it('goes over in slices, each head with only what the search needs, and a new list replaces the last', async () => {
    const { messages, listed, worker } = receiver();
    const heads = headsOf(2 * KEYS_PER_MESSAGE + 5);
    await postKeys(worker, heads);
    expect(messages.map((message) => [message.keys.length, message.first])).toEqual([
      [KEYS_PER_MESSAGE, true],
      [KEYS_PER_MESSAGE, false],
      [5, false],
    ]);
    expect(listed.keys).toEqual(heads.map(({ id, order, fingerprint }) => ({ id, order, fingerprint })));

    await postKeys(worker, headsOf(3).slice(1));
    expect(listed.keys.map((key) => key.id)).toEqual(['doc-1', 'doc-2']);
    await postKeys(worker, []);
    expect(listed.keys).toEqual([]);
  });

  it('stops sending when the search is aborted', async () => {
    const { messages, worker } = receiver();
    const controller = new AbortController();
    const sending = postKeys(worker, headsOf(3 * KEYS_PER_MESSAGE), controller.signal);
    controller.abort();
    await sending;
    expect(messages).toHaveLength(1);
  });
});
