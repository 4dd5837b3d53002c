/**
 * Prodigy's hashes as Spanwright writes them. `_input_hash` names the input (the text): an
 * imported one is kept and written back. `_task_hash` names the input plus the question or answer
 * (its spans, and a recipe's `label` and `options`): it is computed on every export from the input
 * hash and the layer's spans, never kept from an import, since a document's layers (another
 * annotator's, or one edited since) hold other spans than the task it came from.
 *
 * @see https://prodi.gy/docs/api-loaders#hashing
 */
/**
 * Spanwright's stand-in for a Prodigy hash: FNV-1a over the UTF-16 code units of `value`, as a
 * signed 32-bit integer (the range of Prodigy's own). Stable, but not what Prodigy computes.
 */
export function prodigyHash(value: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < value.length; index++) hash = Math.imul(hash ^ value.charCodeAt(index), 0x01000193);
  return hash | 0;
}

/** A hash as JSON (numbers stay numbers) and as the id it gives. */
export interface WrittenHash {
  json: string;
  id: string;
}

/** A hash kept in the meta; null when there is none. */
function keptHash(value: unknown): WrittenHash | null {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return { json: String(value), id: String(value) };
  return typeof value === 'string' && value.length > 0 ? { json: JSON.stringify(value), id: value } : null;
}

/** A hash Spanwright computes, in the same shape. */
function madeHash(value: string): WrittenHash {
  const hash = String(prodigyHash(value));
  return { json: hash, id: hash };
}

/** The input hash of a task: the one its import kept in `meta`, else Spanwright's of the text. */
export function inputHashOf(meta: Record<string, unknown>, text: string): WrittenHash {
  return keptHash(meta._input_hash) ?? madeHash(text);
}

/**
 * The task hash of a layer: Spanwright's of its input hash and its spans as written (`spansJson`),
 * and of the recipe's `label` and `options` among the task's kept fields when it has them. Two
 * layers of one document with other spans get other task hashes.
 */
export function taskHashOf(input: WrittenHash, spansJson: string, fields: Record<string, unknown> | null): WrittenHash {
  const question =
    fields === null ? '' : ['label', 'options'].map((key) => JSON.stringify(fields[key]) ?? '').join(' ');
  return madeHash(`${input.json} ${spansJson}${question.trim() === '' ? '' : ` ${question}`}`);
}

/** True when `hash` is Spanwright's stand-in input hash of `text` (an import need not keep it: an export computes it again). */
export function isStandInInputHash(hash: unknown, text: string): boolean {
  return hash === prodigyHash(text) || (typeof hash === 'string' && hash === String(prodigyHash(text)));
}
