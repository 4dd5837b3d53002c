import type { Created } from '../../src/lib/storage/spans';

/** A create that a test expects to store its span (no twin, a known label): its outcome, or an error saying why not. */
export function stored(created: Created): Extract<Created, { span: unknown }> {
  if ('refused' in created) throw new Error(`the span was not stored: ${created.refused}`);
  return created;
}
