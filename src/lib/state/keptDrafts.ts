import type { LocalStore } from '../storage/localStore';

/**
 * Every draft kept in `storage` under `prefix` (note drafts, description drafts), with its key: each
 * one a JSON object with the string fields `strings` and the number field `number`; one that is not
 * (damaged, or another version's) is removed. Storage that refuses holds none.
 */
export function readKept<T>(
  storage: LocalStore | undefined,
  prefix: string,
  strings: readonly string[],
  number: string,
): [string, T][] {
  return readKeptAs(storage, prefix, (raw) => parseKept(raw, strings, number) as T | null);
}

/** Every value kept in `storage` under `prefix` that `parse` reads whole, with its key; one it does not is removed. */
export function readKeptAs<T>(
  storage: LocalStore | undefined,
  prefix: string,
  parse: (raw: string | null) => T | null,
): [string, T][] {
  const found: [string, T][] = [];
  try {
    if (!storage) return found;
    const keys: string[] = [];
    for (let index = 0; index < storage.length; index += 1) {
      const key = storage.key(index);
      if (key?.startsWith(prefix)) keys.push(key);
    }
    for (const key of keys) {
      const kept = parse(storage.getItem(key));
      if (kept !== null) found.push([key, kept]);
      else storage.removeItem(key);
    }
  } catch {
    // Storage refused: nothing kept.
  }
  return found;
}

/** `raw` parsed, when it is a JSON object with the string fields `strings` and the number field `number`; else null. */
export function parseKept(raw: string | null, strings: readonly string[], number: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(raw ?? '');
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const record = value as Record<string, unknown>;
  return strings.every((name) => typeof record[name] === 'string') && typeof record[number] === 'number' ? value : null;
}
