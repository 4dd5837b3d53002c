/**
 * Records whose text a token format rebuilt (CoNLL, Hugging Face: one space between tokens) and that
 * no stored document takes by id or identical text: a stored document with the same characters
 * apart from white space takes such a record, its spans moved onto that text (`respaced.ts`). So an
 * export of this app coming back, its tags corrected in a notebook, adds no document twice though a
 * CoNLL file carries no ids (helper-179: its own CoNLL export re-imported stored "6 new").
 */
import type { AnnotatedRecord } from '../formats/records';
import { ontoRespacedText } from '../formats/respaced';
import { unspacedHash } from '../model/fingerprint';
import type { Document } from '../model/types';
import type { SpanwrightDatabase } from './database';

export class SpacedApart {
  /** The stored documents' ids by the hash of their text without white space: read once, when a record first asks. */
  #index: Promise<Map<number, string[]>> | null = null;

  constructor(private readonly database: SpanwrightDatabase) {}

  /**
   * Of `records`, those at `asking` (placed by nothing else) that are tokens only, each moved onto the
   * stored document it lands on: by their index in `records`. A record whose text a stored document
   * has as it is lands there by its text, not here.
   */
  async find(
    records: readonly { record: AnnotatedRecord }[],
    asking: readonly number[],
  ): Promise<Map<number, { record: AnnotatedRecord; document: Document }>> {
    const found = new Map<number, { record: AnnotatedRecord; document: Document }>();
    const tokensOnly = asking.filter((at) => records[at].record.tokensOnly);
    if (tokensOnly.length === 0) return found;
    const index = await (this.#index ??= this.#read());
    const hashes = new Map(tokensOnly.map((at) => [at, unspacedHash(records[at].record.text)]));
    const ids = [...new Set([...hashes.values()].flatMap((hash) => index.get(hash) ?? []))];
    if (ids.length === 0) return found;
    const stored = new Map<string, Document>();
    for (const document of await this.database.documents.bulkGet(ids)) if (document) stored.set(document.id, document);
    for (const [at, hash] of hashes) {
      const { record } = records[at];
      const candidates = (index.get(hash) ?? []).flatMap((id) => stored.get(id) ?? []);
      if (candidates.some((document) => document.text === record.text)) continue;
      for (const document of candidates) {
        const moved = ontoRespacedText(record, document.text);
        if (moved) {
          found.set(at, { record: moved, document });
          break;
        }
      }
    }
    return found;
  }

  async #read(): Promise<Map<number, string[]>> {
    const index = new Map<number, string[]>();
    await this.database.documents.each((document) => {
      const hash = unspacedHash(document.text);
      index.set(hash, [...(index.get(hash) ?? []), document.id]);
    });
    return index;
  }
}
