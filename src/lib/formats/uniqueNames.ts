/**
 * Names an export gives where a format cannot spell a label or a document id as it is (a CoNLL tag
 * holds no space, a brat type only letters, digits, `_` and `-`, a file name no `/`): unique within
 * the export, so two labels never become one class and two documents never one file, and never
 * taken from a name that is already right (`my_label` keeps its name; `my label` becomes
 * `my_label_2`). One {@link ExportNames} serves one export, and its check before it, with the
 * records in the same order, so the check names what the file holds.
 */

/** Unique spellings of names, given in order; `fold` says which two spellings are the same (case, for files). */
export class UniqueNames {
  readonly #given = new Map<string, string>();
  readonly #taken = new Set<string>();
  readonly #told = new Set<string>();

  constructor(
    private readonly spell: (name: string) => string,
    private readonly suffix: (base: string, copy: number) => string,
    private readonly fold: (name: string) => string = (name) => name,
  ) {}

  /** Keeps each of `names` that is spelled right already as it is, before any other is given a name. */
  reserve(names: Iterable<string>): void {
    for (const name of names)
      if (this.spell(name) === name && !this.#taken.has(this.fold(name)) && !this.#given.has(name)) {
        this.#given.set(name, name);
        this.#taken.add(this.fold(name));
      }
  }

  /** The spelling of `name`: the same on every call, never another name's. */
  nameOf(name: string): string {
    const known = this.#given.get(name);
    if (known !== undefined) return known;
    return this.#give(name, this.spell(name));
  }

  /** A new unique name, `wanted` or a suffixed copy of it, not kept for any name (a document's second layer's files). */
  claim(wanted: string): string {
    let candidate = wanted;
    for (let copy = 2; this.#taken.has(this.fold(candidate)); copy++) candidate = this.suffix(wanted, copy);
    this.#taken.add(this.fold(candidate));
    return candidate;
  }

  /** The names given another spelling, each with it (name, spelling), in order. */
  renamed(): [string, string][] {
    return [...this.#given].filter(([name, given]) => name !== given);
  }

  /** Every name given so far, in order. */
  names(): string[] {
    return [...new Set(this.#given.values())];
  }

  /** True the first time it is asked of `name`: a check names each rename once, however many records give it. */
  firstTold(name: string): boolean {
    if (this.#told.has(name)) return false;
    this.#told.add(name);
    return true;
  }

  #give(name: string, wanted: string): string {
    const given = this.claim(wanted);
    this.#given.set(name, given);
    return given;
  }
}

/**
 * The names of one export: its labels as the format spells them (the label set first, in palette
 * order, then any other label a span has), and its documents' file names (unique ignoring case,
 * as macOS and Windows compare them; a copy is `<name>~2`, `~` being a character no spelled id
 * holds, so it is never confused with `<name>-2`, a second layer's files).
 */
export class ExportNames {
  #labels: UniqueNames | null = null;
  #files: UniqueNames | null = null;
  #folders: UniqueNames | null = null;
  /** Each record's file stem, and how many records of each document id were named (its layers). */
  readonly #stems = new WeakMap<object, string>();
  readonly #layers = new Map<string, { stem: string; count: number }>();

  /** `documentIds`: the export's documents, whose ids that are file names already keep them (first). */
  /** `annotators`: the layers of an export with a folder per annotator, whose names that are folder names already keep them. */
  constructor(
    readonly labelSet: readonly string[] = [],
    readonly documentIds: readonly string[] = [],
    readonly annotators: readonly string[] = [],
  ) {}

  /** The label names, spelled by `spell` (the same function on every call of one export). */
  labels(spell: (label: string) => string): UniqueNames {
    if (this.#labels === null) {
      this.#labels = new UniqueNames(spell, (base, copy) => `${base}_${copy}`);
      this.#labels.reserve(this.labelSet);
      for (const label of this.labelSet) this.#labels.nameOf(label);
    }
    return this.#labels;
  }

  /** The document file names, spelled by `spell`. */
  files(spell: (id: string) => string): UniqueNames {
    if (this.#files === null) {
      this.#files = fileSystemNames(spell);
      // An id that is a file name already keeps it: `doc/1` never takes `doc_1` from the document `doc_1`.
      this.#files.reserve(this.documentIds);
    }
    return this.#files;
  }

  /** The folder names of an export with a folder per annotator (brat), spelled by `spell`, unique ignoring case. */
  folders(spell: (name: string) => string): UniqueNames {
    if (this.#folders === null) {
      this.#folders = fileSystemNames(spell);
      // No folder takes the name of the file beside them, nor a name an annotator has as it is.
      this.#folders.claim('annotation.conf');
      this.#folders.claim('visual.conf');
      this.#folders.reserve(this.annotators);
    }
    return this.#folders;
  }

  /**
   * The file stem of `record` (the same object asked again gets the same): its id's name, or for a
   * second layer of a document `<name>-2` (a third `-3`…), unique ignoring case too.
   */
  stemOf(record: { id: string }, spell: (id: string) => string): string {
    const known = this.#stems.get(record);
    if (known !== undefined) return known;
    const files = this.files(spell);
    const layers = this.#layers.get(record.id);
    let stem: string;
    if (layers === undefined) {
      stem = files.nameOf(record.id);
      this.#layers.set(record.id, { stem, count: 1 });
    } else stem = files.claim(`${layers.stem}-${++layers.count}`);
    this.#stems.set(record, stem);
    return stem;
  }
}

/** Names of files or folders: unique ignoring case (as macOS and Windows compare them), a copy `<name>~2`. */
function fileSystemNames(spell: (name: string) => string): UniqueNames {
  return new UniqueNames(
    spell,
    (base, copy) => `${base}~${copy}`,
    (name) => name.toLowerCase(),
  );
}

const givenNames = new WeakMap<object, ExportNames>();

/**
 * The names of the export `options` belong to: those the exporter gave, else one set per options
 * object (a caller that gave none still gets each record a unique file and one spelling per label).
 */
export function exportNamesOf(options: { names?: ExportNames; labels?: readonly string[] } | undefined): ExportNames {
  if (options?.names) return options.names;
  if (!options) return new ExportNames();
  let names = givenNames.get(options);
  if (!names) givenNames.set(options, (names = new ExportNames(options.labels)));
  return names;
}

/** A label as it is: the spelling of formats whose files hold any label name (Hugging Face tags, Label Studio's labels). */
const asItIs = (label: string) => label;

/**
 * Notes the labels of `spans` as an export writes them, for a list written beside the records
 * (Hugging Face's labels.json, Label Studio's config; exporter.ts writes it after them).
 */
export function noteLabels(
  options: { names?: ExportNames; labels?: readonly string[] },
  spans: readonly { label: string }[],
) {
  const names = exportNamesOf(options).labels(asItIs);
  for (const span of spans) names.nameOf(span.label);
}

/**
 * The labels an export wrote: the label set first, in its order, then each other label a span had
 * ({@link noteLabels}), so a label only spans carry (brought by the team, or an import) is declared too.
 */
export function writtenLabels(options: { names?: ExportNames; labels?: readonly string[] }): string[] {
  return exportNamesOf(options).labels(asItIs).names();
}
