/**
 * What files the user dropped become: each file an import of its own, but a .zip opened into its
 * files, and brat's `.txt`/`.ann` pairs (dropped together or zipped) one import of them all; the
 * files Spanwright's exports write beside their data (`labels.json`, `labeling-config.xml`) named on
 * the import beside them, whose card lists them as not read.
 */
import { filesInZip, isZip } from './archive';
import { pairBratFiles } from './bratFiles';
import { andList } from '../model/counted';
import { classNamesFor, namesClasses } from './classNames';
import type { FileSource, NamedBlob } from './format';
import type { FormatName } from './records';

const sourceOf = (name: string, files: readonly NamedBlob[]): FileSource => ({
  name,
  size: files.reduce((sum, file) => sum + file.size, 0),
  files,
});

/**
 * Files Spanwright's own exports write beside their data (see each format's `companions`): a
 * Hugging Face export's tag list, a Label Studio export's labelling config. Keyed by base name, with
 * what the card says of one: they hold no documents, and are listed as not read.
 */
const EXPORT_COMPANIONS: ReadonlyMap<string, string> = new Map([
  [
    'labels.json',
    'a tag list, as a Hugging Face export writes beside its data (a Hugging Face file whose "ner_tags" are class ids reads it, dropped together with it)',
  ],
  ['dataset_info.json', 'the features of a Hugging Face dataset (it names the class ids of "ner_tags" only)'],
  ['state.json', 'a file Hugging Face’s save_to_disk writes beside a dataset'],
  ['dataset_dict.json', 'the list of splits Hugging Face’s save_to_disk writes beside them'],
  [
    'labeling-config.xml',
    'the labelling config a Label Studio export writes beside its tasks (the labels come with the spans)',
  ],
]);

/** What `name` is when it is a file an export writes beside its data (null: it is not one). */
export function exportCompanion(name: string): string | null {
  return EXPORT_COMPANIONS.get(name.slice(name.lastIndexOf('/') + 1).toLowerCase()) ?? null;
}

/**
 * A dataset's documentation, as an archive carries it beside the data: a read-me, licence, change log or citation
 * (bare, or as .txt, .md, .rst, .cff), or any Markdown, reStructuredText, PDF or HTML file. Inside a .zip only: a
 * file dropped alone may be a document to import (a `chapter.md` as plain text), and is asked about as before.
 */
const DOCUMENTATION =
  /^(readme|licen[cs]e|copying|changelog|citation)(\.(txt|md|markdown|rst|cff))?$|\.(md|markdown|rst|pdf|html?|cff)$/u;
const isDocumentation = (name: string) => DOCUMENTATION.test(name.slice(name.lastIndexOf('/') + 1).toLowerCase());
/** A file of an archive that is not data: an export's companion, or the dataset's documentation. */
const companionInArchive = (name: string) => exportCompanion(name) !== null || isDocumentation(name);

/**
 * What the card of a source read as `format` says of each companion it came with, as notes: a
 * Hugging Face file reads a file naming class ids (`classNames.ts`) where its tags are numbers.
 */
export function companionNotes(source: FileSource, format: FormatName): string[] {
  const reads = (source.classNames ?? []).map((file) => file.name);
  return (source.companions ?? []).map((name) => {
    if (format !== 'huggingface' || !namesClasses(name))
      return `${name}: not read, ${exportCompanion(name) ?? (isDocumentation(name) ? 'documentation, not data' : 'a companion file')}.`;
    // In a .zip of several datasets, each file reads its own folder's (`classNamesFor`).
    return reads.includes(name)
      ? `${name}: read for the names of "ner_tags" class ids, where a line gives them as numbers.`
      : `${name}: not read for this file, whose folder ${reads.length > 0 ? `has ${andList(reads)}` : 'is another'}.`;
  });
}

/**
 * `sources` (those of one archive, or of the loose files) with `companions` named on the first of
 * them, where the card lists them as not read; with no source beside them, each is a source of its
 * own (its card says it holds no documents).
 */
function withCompanions(sources: FileSource[], companions: readonly NamedBlob[], prefix: string): FileSource[] {
  if (companions.length === 0) return sources;
  if (sources.length === 0) return companions.map((file) => sourceOf(`${prefix}${file.name}`, [file]));
  // Class names are read by each source (a train, validation and test file share them); listed on the first.
  const candidates = companions.filter((file) => namesClasses(file.name));
  const read = sources.map((source) => {
    const classNames = classNamesFor(source.files[0]?.name ?? '', candidates);
    return classNames.length > 0 ? { ...source, classNames } : source;
  });
  return namedOnFirst(read, companions);
}

/** `sources` with `companions` named on the first of them (its card lists them). */
function namedOnFirst([first, ...rest]: FileSource[], companions: readonly NamedBlob[]): FileSource[] {
  return [{ ...first, companions: [...(first.companions ?? []), ...companions.map((file) => file.name)] }, ...rest];
}

/**
 * The imports `files` make. An archive that cannot be opened is a problem named after it, and
 * leaves the other files alone. `open` opens an archive (the page's opens it in a Worker).
 */
export async function sourcesOf(
  files: readonly NamedBlob[],
  open: typeof filesInZip = filesInZip,
): Promise<{ sources: FileSource[]; problems: { name: string; size: number; message: string }[] }> {
  const sources: FileSource[] = [];
  const problems: { name: string; size: number; message: string }[] = [];
  const loose: NamedBlob[] = [];
  for (const file of files) {
    if (!isZip(file)) {
      loose.push(file);
      continue;
    }
    try {
      const all = (await open(file)).files;
      const inside = all.filter((entry) => !companionInArchive(entry.name));
      const { pairs, unpaired } = pairBratFiles(inside);
      const fromZip: FileSource[] = [];
      if (pairs.length > 0)
        fromZip.push(
          sourceOf(file.name, [...pairs.flatMap(({ txt, ann }) => [txt, ann]), ...unpaired.filter(isBratCompanion)]),
        );
      for (const other of unpaired.filter((entry) => !isBratCompanion(entry) || pairs.length === 0))
        fromZip.push(sourceOf(`${file.name}: ${other.name}`, [other]));
      const companions = all.filter((entry) => companionInArchive(entry.name));
      sources.push(...withCompanions(fromZip, companions, `${file.name}: `));
    } catch (error) {
      problems.push({
        name: file.name,
        size: file.size,
        message: error instanceof Error ? error.message : String(error),
      });
    }
  }
  const companions = loose.filter((file) => exportCompanion(file.name) !== null);
  const { pairs, unpaired } = pairBratFiles(loose.filter((file) => exportCompanion(file.name) === null));
  const fromLoose: FileSource[] = [];
  if (pairs.length > 0) {
    const name = pairs.length === 1 ? `${pairs[0].txt.name} + ${pairs[0].ann.name}` : `brat: ${pairs.length} documents`;
    fromLoose.push(
      sourceOf(name, [...pairs.flatMap(({ txt, ann }) => [txt, ann]), ...unpaired.filter(isBratCompanion)]),
    );
  }
  for (const file of unpaired.filter((entry) => !isBratCompanion(entry) || pairs.length === 0))
    fromLoose.push(sourceOf(file.name, [file]));
  // A labels.json dropped beside a .zip names the class ids of the zip's files that have none of their own.
  const looseNames = companions.filter((file) => namesClasses(file.name));
  const zipped = sources.map((source) =>
    source.classNames || looseNames.length === 0 ? source : { ...source, classNames: looseNames },
  );
  if (fromLoose.length > 0 || zipped.length === 0 || companions.length === 0)
    return { sources: [...zipped, ...withCompanions(fromLoose, companions, '')], problems };
  return { sources: namedOnFirst(zipped, companions), problems };
}

/** A file that travels with brat pairs and is read with them (to be said ignored, not imported alone). */
function isBratCompanion(file: { name: string }): boolean {
  return /(^|\/)annotation\.conf$|(^|\/)visual\.conf$|(^|\/)tools\.conf$|(^|\/)kb_shortcuts\.conf$/u.test(file.name);
}
