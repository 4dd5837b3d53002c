import { describe, expect, it } from 'vitest';
import { forgetMember, readMember, writeMember } from '../../../src/lib/state/teamMember';

/** A Storage of a map, as the tests of other localStorage marks use. */
function memoryStorage() {
  const items = new Map<string, string>();
  return {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
    key: (index: number) => [...items.keys()][index] ?? null,
    get length() {
      return items.size;
    },
    items,
  };
}

const SETTINGS = { server: 'ws://127.0.0.1:4622', project: 'demo', token: 'alice-token' };

describe('the member a team token writes as', () => {
  it('is known for the server, project and token it was learnt with only, and never stores the token', () => {
    const storage = memoryStorage();
    expect(readMember('spanwright', SETTINGS, storage)).toBeNull();
    writeMember('spanwright', SETTINGS, 'alice', storage);
    expect(readMember('spanwright', SETTINGS, storage)).toBe('alice');
    expect(readMember('spanwright', { ...SETTINGS, token: 'bob-token' }, storage)).toBeNull();
    expect(readMember('spanwright', { ...SETTINGS, project: 'other' }, storage)).toBeNull();
    expect(readMember('spanwright', { ...SETTINGS, server: 'ws://127.0.0.1:4623' }, storage)).toBeNull();
    expect(readMember('another-database', SETTINGS, storage)).toBeNull();
    expect([...storage.items.values()].join()).not.toContain('alice-token');
    // Refused as alice since (the members list renamed her): forgotten; a refusal of another name keeps it.
    forgetMember('spanwright', SETTINGS, 'bob', storage);
    expect(readMember('spanwright', SETTINGS, storage)).toBe('alice');
    forgetMember('spanwright', SETTINGS, 'alice', storage);
    expect(readMember('spanwright', SETTINGS, storage)).toBeNull();
  });

  it('reads an unreadable mark, or a storage that throws, as not known', () => {
    const storage = memoryStorage();
    storage.setItem('spanwright-team-member:spanwright', '{not json');
    expect(readMember('spanwright', SETTINGS, storage)).toBeNull();
    const refusing = {
      ...memoryStorage(),
      getItem: () => {
        throw new Error('refused');
      },
    };
    expect(readMember('spanwright', SETTINGS, refusing)).toBeNull();
    expect(() => writeMember('spanwright', SETTINGS, 'alice', refusing)).not.toThrow();
  });
});
