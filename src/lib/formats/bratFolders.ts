/**
 * brat folders read as annotators' layers. A brat project keeps one folder per annotator when each
 * annotates the same documents (`alice/d1.ann`, `bob/d1.ann`): folders that hold the same document
 * (a `.txt` of one name and the same text) are those annotators' layers, each named by the part of
 * its path where they differ (`batch1/alice` and `batch1/bob`: alice and bob; `alice/batch1` and
 * `bob/batch1` too). Folders that share no document with another (`train/`, `dev/`, `unassigned/`)
 * name no one: their pairs go into the layer chosen on the card, as pairs outside any folder do. An
 * export of every layer says in its `annotation.conf` ({@link FOLDERS_ARE_ANNOTATORS}) that each of its
 * folders is an annotator's, so it reads back whole even where no two annotators share a document.
 */
import type { NamedBlob } from './format';
import { baseName, folderKey, folderParts } from './bratFiles';
import { annotatorsOfFolders, bratType, configsOf } from './bratNames';

/** The comment an export of every layer writes into its `annotation.conf`: each folder is one annotator's. */
export const FOLDERS_ARE_ANNOTATORS = '# Spanwright: one folder per annotator';
/** The start of the comment an export of one layer writes into its `annotation.conf`: whose its pairs are. */
const LAYER_MARK = '# Spanwright layer: ';
/** That comment for `annotator`'s layer (a JSON string: any name, on one line). */
export const layerLine = (annotator: string): string => `${LAYER_MARK}${JSON.stringify(annotator)}`;

/** The annotator a {@link layerLine} of `lines` names, or undefined. */
function layerOf(lines: readonly string[]): string | undefined {
  const line = lines.find((one) => one.startsWith(LAYER_MARK));
  try {
    const annotator: unknown = line === undefined ? undefined : JSON.parse(line.slice(LAYER_MARK.length));
    return typeof annotator === 'string' && annotator.trim() !== '' ? tidy(annotator) : undefined;
  } catch {
    return undefined; // a line spoilt by hand: the pairs go into the layer chosen on the card
  }
}

/** Control characters, which no annotator's name holds: a folder's become `_`. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what this replaces
const CONTROL = /[\u0000-\u001f\u007f]/gu;

/** The annotators' folders of an import, by {@link folderKey}, and whether an export said so. */
export interface FolderLayers {
  annotators: Map<string, string>;
  /**
   * The folders ({@link folderKey}) of the `annotation.conf` files in which an export of Spanwright's said
   * each folder is an annotator's (read, so not left unread); empty when none said so.
   */
  markedAt: ReadonlySet<string>;
}

/** The annotators the folders of `pairs` name (`files`: the whole import, `annotation.conf` too), or null for none. */
export async function folderAnnotators(
  pairs: readonly { txt: NamedBlob }[],
  files: readonly NamedBlob[],
): Promise<FolderLayers | null> {
  const folders = new Map<string, string[]>();
  for (const { txt } of pairs) {
    const parts = folderParts(txt.name);
    if (parts.length > 0) folders.set(parts.join('/'), parts);
  }
  const configs = await configsOf(files, 'annotation.conf');
  // An export of one layer: the pairs beside its annotation.conf are that annotator's.
  const layerAt = new Map<string, string>();
  for (const [at, lines] of configs) {
    const annotator = layerOf(lines);
    if (annotator !== undefined && pairs.some(({ txt }) => folderKey(txt.name) === at)) layerAt.set(at, annotator);
  }
  if (folders.size === 0 && layerAt.size === 0) return null;
  const annotators = new Map<string, string>(layerAt);
  const foldersMarked = [...configs].filter(([, lines]) => lines.includes(FOLDERS_ARE_ANNOTATORS)).map(([at]) => at);
  const markedAt = new Set([...foldersMarked, ...layerAt.keys()]);
  const marked = foldersMarked.length > 0;
  const named = marked ? annotatorsOfFolders(configs) : new Map<string, string>();
  if (marked) {
    for (const [key, parts] of folders)
      annotators.set(key, annotators.get(key) ?? named.get(key) ?? tidy(parts.at(-1)!));
  } else {
    const byName = new Map<string, NamedBlob[]>();
    for (const { txt } of pairs)
      if (folderParts(txt.name).length > 0)
        byName.set(baseName(txt.name), [...(byName.get(baseName(txt.name)) ?? []), txt]);
    for (const texts of byName.values()) {
      if (new Set(texts.map((txt) => folderKey(txt.name))).size < 2) continue;
      // The folders holding one text: one document's layers (a name two texts share is two documents).
      const byText = new Map<string, Set<string>>();
      for (const txt of texts) {
        const text = await txt.text();
        byText.set(text, (byText.get(text) ?? new Set()).add(folderKey(txt.name)));
      }
      for (const keys of byText.values())
        if (keys.size > 1)
          nameApart(
            [...keys].map((key) => folders.get(key) ?? []),
            annotators,
          );
    }
  }
  return annotators.size > 0 ? { annotators, markedAt } : null;
}

/** Whether `name` is an `annotation.conf` that named the annotators' folders (read, so not listed as left unread). */
export function isMarkedConf(name: string, layers: FolderLayers | null): boolean {
  return baseName(name) === 'annotation.conf' && layers?.markedAt.has(folderKey(name)) === true;
}

/** Names each folder of `group` (folders holding one document) by the part where they differ, unless named already. */
function nameApart(group: readonly string[][], annotators: Map<string, string>): void {
  const depth = group[0].length;
  let apart = -1;
  if (group.every((parts) => parts.length === depth))
    for (let at = depth - 1; at >= 0 && apart < 0; at--)
      if (new Set(group.map((parts) => parts[at])).size > 1) apart = at;
  for (const parts of group) {
    const key = parts.join('/');
    if (!annotators.has(key)) annotators.set(key, tidy(apart >= 0 ? parts[apart] : key));
  }
}

const tidy = (name: string) => name.replace(CONTROL, '_');

/** What the card says of the folders read as annotators: each, with its count of documents, and the pairs outside them. */
export function folderNote(layers: FolderLayers, pairs: readonly { txt: NamedBlob }[]): string {
  const counts = new Map<string, number>();
  let outside = 0;
  for (const { txt } of pairs) {
    const annotator = layers.annotators.get(folderKey(txt.name));
    if (annotator === undefined) outside++;
    else counts.set(annotator, (counts.get(annotator) ?? 0) + 1);
  }
  const documents = (count: number) => `${count} ${count === 1 ? 'document' : 'documents'}`;
  const listed = [...counts].map(([name, count]) => `${name} (${documents(count)})`).join(', ');
  const why = layers.markedAt.size > 0 ? 'as the export that wrote them says' : 'as they hold the same documents';
  // One layer's export, its pairs outside any folder: no folder to speak of.
  const root = layers.annotators.get('');
  if (root !== undefined && counts.size === 1 && outside === 0)
    return `The pairs are ${JSON.stringify(root)}'s layer (${documents(counts.get(root)!)}), as the export that wrote them says.`;
  const rest =
    outside === 0
      ? ''
      : `; ${documents(outside)} outside them ${outside === 1 ? 'goes' : 'go'} into the layer chosen here`;
  return `Folders read as annotators' layers (${why}): ${listed}${rest}.`;
}

/** An `annotation.conf` declaring `labels` as entity types (brat needs every type declared). */
export function bratAnnotationConf(
  labels: readonly string[],
  folderPerAnnotator = false,
  folders: string[] = [],
  layer?: string,
): string {
  const entities = [...new Set(labels.map(bratType))];
  // An export of every layer says its folders are annotators' (and whose, where a folder's name is not), for an
  // import; an export of one layer says whose its pairs are.
  const head = folderPerAnnotator
    ? [FOLDERS_ARE_ANNOTATORS, ...folders, ''].join('\n')
    : layer === undefined
      ? ''
      : `${layerLine(layer)}\n`;
  return `${head}[entities]\n${entities.join('\n')}\n\n[relations]\n\n[events]\n\n[attributes]\n`;
}
