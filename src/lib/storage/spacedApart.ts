/**
 * Records whose text a token format rebuilt (CoNLL, Hugging Face: one space between tokens) and that
 * no stored document takes by id or identical text: a stored document with the same characters
 * apart from white space takes such a record, its spans moved onto that text (`respaced.ts`). So an
 * export of this app coming back, its tags corrected in a notebook, adds no document twice though a
 * CoNLL file carries no ids (helper-179: its own CoNLL export re-imported stored "6 new").
 *
 * Only where it is sure: a text that two stored documents share apart from spacing lands on neither,
 * and a stored document taken by one rebuilt text is not taken by another of the file (helper-181:
 * "Kim met Putin." and "Kim met  Putin." both export as `Kim met Putin .`).
 */
import type { AnnotatedRecord } from '../formats/records';
import { ontoRespacedText } from '../formats/respaced';
import { unspacedHash } from '../model/fingerprint';
import type { Document } from '../model/types';
import type { SpanwrightDatabase } from './database';

/** Above this much stored text (UTF-16 units), texts are not matched apart from spacing: reading them all would hold the import for minutes. */
export const MAX_SCANNED_TEXT = 256 * 1024 * 1024;

/** What became of the records asked about, beyond those it placed. */
export interface SpacedApartTally {
  /** Records whose text two or more stored documents share apart from spacing. */
  ambiguous: number;
  /** Set when the corpus holds too much text to look: its size in UTF-16 units. */
  tooLarge?: number;
}

/**
 * The stored documents by their text without white space, read once (the first time a record asks)
 * for an import's analysis and its commit.
 */
export class SpacedApart {
  #index: Promise<Map<number, string[]> | { tooLarge: number }> | null = null;

  constructor(
    private readonly database: SpanwrightDatabase,
    private readonly maxText = MAX_SCANNED_TEXT,
  ) {}

  /**
   * Of `records`, those at `asking` (placed by nothing else) that are tokens only, each moved onto
   * the one stored document it lands on, by their index in `records`. `claims` (stored id → the
   * fingerprint of the rebuilt text that took it) is the file's, kept across its batches.
   */
  async find(
    records: readonly { record: AnnotatedRecord }[],
    fingerprints: readonly string[],
    asking: readonly number[],
    claims: Map<string, string>,
    tally: SpacedApartTally,
  ): Promise<Map<number, { record: AnnotatedRecord; document: Document }>> {
    const found = new Map<number, { record: AnnotatedRecord; document: Document }>();
    const tokensOnly = asking.filter((at) => records[at].record.tokensOnly);
    if (tokensOnly.length === 0) return found;
    const index = await (this.#index ??= this.#read());
    if (!(index instanceof Map)) {
      tally.tooLarge = index.tooLarge;
      return found;
    }
    const hashes = new Map(tokensOnly.map((at) => [at, unspacedHash(records[at].record.text)]));
    const ids = [...new Set([...hashes.values()].flatMap((hash) => index.get(hash) ?? []))];
    if (ids.length === 0) return found;
    const stored = new Map<string, Document>();
    for (const document of await this.database.documents.bulkGet(ids)) if (document) stored.set(document.id, document);
    for (const [at, hash] of hashes) {
      const { record } = records[at];
      const candidates = (index.get(hash) ?? []).flatMap((id) => stored.get(id) ?? []);
      if (candidates.some((document) => document.text === record.text)) continue; // lands there by its text
      const landings = candidates.flatMap((document) => {
        const moved = ontoRespacedText(record, document.text);
        return moved ? [{ record: moved, document }] : [];
      });
      const free = landings.filter(
        ({ document }) => (claims.get(document.id) ?? fingerprints[at]) === fingerprints[at],
      );
      if (landings.length > 1 || free.length === 0) {
        if (landings.length > 1) tally.ambiguous++;
        continue;
      }
      claims.set(free[0].document.id, fingerprints[at]);
      found.set(at, free[0]);
    }
    return found;
  }

  async #read(): Promise<Map<number, string[]> | { tooLarge: number }> {
    let size = 0;
    await this.database.heads.each((head) => void (size += head.length));
    if (size > this.maxText) return { tooLarge: size };
    const index = new Map<number, string[]>();
    await this.database.documents.each((document) => {
      const hash = unspacedHash(document.text);
      index.set(hash, [...(index.get(hash) ?? []), document.id]);
    });
    return index;
  }
}

/** What an import says of the records rebuilt from tokens it could not place apart from spacing, if any. */
export function spacedApartNote({ ambiguous, tooLarge }: SpacedApartTally): string | null {
  const several =
    ambiguous === 0
      ? ''
      : `${ambiguous === 1 ? '1 record has' : `${ambiguous.toLocaleString('en')} records have`} the text of more than one stored document apart from spacing, so ${ambiguous === 1 ? 'it is stored as a new document' : 'they are stored as new documents'}`;
  const mb = (units: number) => `${Math.round((units * 2) / 1024 / 1024).toLocaleString('en')} MB`;
  const large =
    tooLarge === undefined
      ? ''
      : `texts rebuilt from tokens are not matched to stored documents apart from spacing in a corpus of more than ${mb(MAX_SCANNED_TEXT)} of text (this one holds ${mb(tooLarge)}): one that differs from every stored text is a new document`;
  const parts = [several, large].filter((part) => part !== '');
  if (parts.length === 0) return null;
  const said = parts.join('; ');
  return `${said[0].toUpperCase()}${said.slice(1)}.`;
}
