/**
 * The imports waiting in one import dialog: files dropped together are analysed at once, each
 * against storage alone, and imported one after another. A document two of them bring is added
 * once, by the first imported, and the others' layers land on it; each file's preview says which of
 * its new documents and new spans another file of the dialog brings too, so "new" is not read as
 * added twice.
 */
import type { ImportAnalysis, ImportJob, ImportOptions, ImportResult, TogetherNote } from './importTypes';
import type { FileSource } from '../formats/format';
import { andList } from '../model/counted';
import { cyrb53, unspacedHash } from '../model/fingerprint';
import { derivedId, type Placement } from './placement';

/** Each file's place in the import dialog, given as its card is made: the dialog imports them in that order. */
const places = new WeakMap<FileSource, number>();
let nextPlace = 0;

/** Gives `source` the next place in the dialog (its card's), which decides which file keeps a repeated id. */
export function placeInDialog(source: FileSource): void {
  if (!places.has(source)) places.set(source, nextPlace++);
}

/** A new document's text fingerprint, a hash of its text without white space, and whether its record was tokens only. */
type NewId = readonly [fingerprint: string, unspaced: number, tokensOnly: boolean];

/** What an analysis finds new, kept to compare with the other files of its dialog. */
export class NewArrivals {
  readonly #texts = new Set<string>();
  readonly #ids = new Map<string, NewId>();
  readonly #spans = new Set<number>();

  /** A record's document, when storage does not hold it. */
  document(placement: Placement, record: { text: string; tokensOnly?: boolean }): void {
    if (!placement.isNew) return;
    this.#texts.add(placement.fingerprint);
    const unspaced = unspacedHash(record.text);
    this.#ids.set(placement.documentId, [placement.fingerprint, unspaced, record.tokensOnly === true]);
  }

  /**
   * A span storage does not hold (`id` its place and label), in the layer of `annotator`. Its
   * document is named by its text when new (another file's new document has another id), else by the
   * stored id. Kept as a 53-bit hash: a number a Worker posts cheaply, at a 100,000 spans too.
   */
  span(placement: Placement, annotator: string, id: string): void {
    const document = placement.isNew ? `text ${placement.fingerprint}` : `id ${placement.documentId}`;
    this.#spans.add(cyrb53(`${document}\u0000${annotator}\u0000${id}`));
  }

  get analysed(): Pick<ImportAnalysis, 'newDocumentTexts' | 'newDocumentIds' | 'newSpanKeys'> {
    const newDocumentIds = [...this.#ids].map(([id, about]) => [id, ...about] as const);
    return { newDocumentTexts: [...this.#texts], newDocumentIds, newSpanKeys: [...this.#spans] };
  }
}

/** The analysed imports of a dialog (from their analysis until they are committed or let go). */
export class ImportsTogether {
  readonly #analyses = new Map<ImportJob, Promise<ImportAnalysis | null>>();
  /** Per import: what it calls when another import's analysis ends, or another is let go. */
  readonly #listeners = new Map<ImportJob, () => void>();

  /** `job`, its analysis told of the documents and spans the other imports waiting with it bring. */
  add(job: ImportJob): ImportJob {
    return new ImportTogether(job, this.#analyses, this.#listeners);
  }
}

/** What an analysis found new, as sets to look the other files' up in, and its counts. */
interface Mine {
  texts: ReadonlySet<string>;
  /** Its new documents' ids, each with its text's fingerprint and more (`NewId`). */
  ids: ReadonlyMap<string, NewId>;
  spans: ReadonlySet<number>;
  newDocuments: number;
  newSpans: number;
}

class ImportTogether implements ImportJob {
  readonly #job: ImportJob;
  readonly #analyses: Map<ImportJob, Promise<ImportAnalysis | null>>;
  readonly #listeners: Map<ImportJob, () => void>;
  /** What its last analysis found new; null until it ends. */
  #mine: Mine | null = null;

  constructor(
    job: ImportJob,
    analyses: Map<ImportJob, Promise<ImportAnalysis | null>>,
    listeners: Map<ImportJob, () => void>,
  ) {
    this.#job = job;
    this.#analyses = analyses;
    this.#listeners = listeners;
  }

  get source(): FileSource {
    return this.#job.source;
  }

  get options(): ImportOptions {
    return this.#job.options;
  }

  /** Tells the other imports of the dialog that what this one brings changed. */
  #tellOthers(): void {
    for (const [job, listener] of this.#listeners) if (job !== this) listener();
  }

  /**
   * Its own analysis, as soon as it is done: a small file's card does not wait for a large file
   * dropped with it. What the other files bring of its new documents and spans follows in `together`.
   */
  async analyse(): Promise<ImportAnalysis> {
    [this.#mine, this.#counted] = [null, new WeakMap()];
    const own = this.#job.analyse();
    // A file refused, cancelled or empty brings nothing to the others.
    const usable = own.then(
      (analysis) => (analysis.errorCount === 0 && analysis.records > 0 ? analysis : null),
      () => null,
    );
    this.#analyses.set(this, usable);
    void usable.then(() => this.#analyses.get(this) === usable && this.#tellOthers());
    const { newDocumentTexts, newDocumentIds, newSpanKeys, ...analysis } = await own;
    this.#mine = {
      texts: new Set(newDocumentTexts),
      ids: new Map(newDocumentIds?.map(([id, ...about]) => [id, about])),
      spans: new Set(newSpanKeys),
      newDocuments: analysis.newDocuments,
      newSpans: analysis.newSpans,
    };
    return analysis;
  }

  /** Per analysis of another file: how many of this file's new documents and spans it brings too (each counted once). */
  #counted = new WeakMap<Promise<ImportAnalysis | null>, Counted>();

  /** The note on what the files waiting with it bring too, as they are analysed now; null when no other file waits. */
  together(): Promise<TogetherNote | null> | null {
    const mine = this.#mine;
    const all = [...this.#analyses];
    const others = all.filter(([job]) => job !== this);
    if (mine === null || others.length === 0) return null;
    // The dialog imports its files in its cards' order (else in the order they were analysed): the first of an id keeps it.
    const placeOf = (job: ImportJob) => places.get(job.source) ?? nextPlace + all.findIndex(([one]) => one === job);
    const ownPlace = placeOf(this);
    return Promise.all(
      others.map(async ([job, other]) => ({
        name: job.source.name,
        place: placeOf(job),
        analysis: await other,
        ...(await this.#count(mine, other)),
      })),
    ).then((theirs) => {
      const documents = sharedNote(
        theirs.map(({ name, documents }) => ({ name, count: documents })),
        mine.newDocuments,
        DOCUMENTS,
      );
      const spans = sharedNote(
        theirs.map(({ name, spans }) => ({ name, count: spans })),
        mine.newSpans,
        SPANS,
      );
      const earlier = theirs.filter(({ place }) => place < ownPlace).sort((left, right) => left.place - right.place);
      const ids = takenIdsNote(earlier, mine);
      const text = [documents, ids, spans].filter((note) => note !== null).join(' ');
      if (text === '') return null;
      return { text, sharesDocuments: theirs.some(({ documents }) => documents > 0) };
    });
  }

  /** What `other` brings of `mine`, counted once per analysis (a card told of each change asks again). */
  async #count(mine: Mine, other: Promise<ImportAnalysis | null>): Promise<Counted> {
    const known = this.#counted.get(other);
    if (known) return known;
    const theirs = await other;
    const counted = {
      documents: (theirs?.newDocumentTexts ?? []).filter((text) => mine.texts.has(text)).length,
      spans: (theirs?.newSpanKeys ?? []).filter((key) => mine.spans.has(key)).length,
    };
    this.#counted.set(other, counted);
    return counted;
  }

  /** Calls `listener` whenever another file of the dialog is analysed again, or let go: its note may change. */
  onOthersChange(listener: () => void): void {
    this.#listeners.set(this, listener);
  }

  async commit(): Promise<ImportResult> {
    try {
      return await this.#job.commit();
    } finally {
      // Stored now (a file analysed after it finds its documents in storage), or cancelled: it no longer
      // waits with the others, whose notes on what it brings too are said again without it.
      this.#listeners.delete(this);
      if (this.#analyses.delete(this)) this.#tellOthers();
    }
  }

  close(): void {
    const waited = this.#analyses.delete(this);
    this.#listeners.delete(this);
    this.#job.close();
    if (waited) this.#tellOthers();
  }
}

/** What another file of the dialog brings of a file's new documents and spans. */
interface Counted {
  documents: number;
  spans: number;
}

/**
 * What a card says of its new documents whose ids a file to be imported before it gives another text
 * (a dataset's train, validation and test files each number theirs from 0): they are stored under new
 * ids, as placement.ts gives them. `earlier` in the order the dialog imports them: the first to bring
 * an id keeps it. Not said of a document whose text an earlier file brings (it goes onto that
 * document), nor of tokens whose text differs from the earlier one's only in white space (they go onto
 * it). Null when none. Said before Import; the import says what it did (`ImportResult.notes`).
 */
function takenIdsNote(
  earlier: readonly { name: string; analysis: ImportAnalysis | null }[],
  mine: Mine,
): string | null {
  const holders = new Map<string, { name: string; fingerprint: string; unspaced: number }>();
  const texts = new Set<string>();
  for (const { name, analysis } of earlier) {
    for (const [id, fingerprint, unspaced] of analysis?.newDocumentIds ?? [])
      if (!holders.has(id)) holders.set(id, { name, fingerprint, unspaced });
    for (const text of analysis?.newDocumentTexts ?? []) texts.add(text);
  }
  const taken = new Map<string, string>();
  for (const [id, [fingerprint, unspaced, tokensOnly]] of mine.ids) {
    const holder = holders.get(id);
    if (!holder || holder.fingerprint === fingerprint || texts.has(fingerprint)) continue;
    if (tokensOnly && holder.unspaced === unspaced) continue;
    taken.set(id, holder.name);
  }
  if (taken.size === 0) return null;
  const names = [...new Set(taken.values())];
  const examples = [...taken.keys()].slice(0, 3).map((id) => `${id} → ${derivedId(id, mine.ids.get(id)?.[0] ?? '')}`);
  const more = taken.size > examples.length ? ', …' : '';
  const records =
    taken.size === 1
      ? '1 of its new documents has an id'
      : `${taken.size.toLocaleString('en')} of its new documents have ids`;
  return `${records} that ${andList(names)}, to be imported before it, ${names.length === 1 ? 'gives' : 'give'} another text, so ${taken.size === 1 ? 'it is stored with a new id' : 'they are stored with new ids'}: ${examples.join(', ')}${more}.`;
}

/** How a note names what it counts: one, several, and what happens to those another file brings too. */
interface Noun {
  one: string;
  many: string;
  outcome: string;
}

const DOCUMENTS: Noun = {
  one: 'document',
  many: 'documents',
  outcome:
    'waiting to be imported with it: each document is added once, by the first of these files imported, ' +
    'under its id and with its metadata; the other files’ spans and statuses go onto it, their ids and metadata ' +
    'for it are not kept.',
};

const SPANS: Noun = {
  one: 'span',
  many: 'spans',
  outcome:
    'in the same document and layer: each such span is stored once, by the first of these files imported, ' +
    'so together they add fewer spans than their cards count.',
};

/** What a card says of its new documents (or spans) that other files of the dialog bring too; null when none. */
function sharedNote(all: { name: string; count: number }[], total: number, noun: Noun): string | null {
  const shared = all.filter(({ count }) => count > 0);
  if (shared.length === 0) return null;
  const files = shared.map(({ name, count }) => `${count.toLocaleString('en')} also in ${name}`).join(', ');
  const start =
    total === 1
      ? `Its new ${noun.one} is also in ${shared[0].name}`
      : `Of its ${total.toLocaleString('en')} new ${noun.many}, ${files}`;
  return `${start}, ${noun.outcome}`;
}
