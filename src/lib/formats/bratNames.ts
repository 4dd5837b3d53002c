/**
 * The names a brat export had to change, written down so that an import of it gives them back. brat
 * types hold only letters, digits, `_` and `-`, and Spanwright's folder names no `@` or space, so an
 * export writes `my label` as the type `my_label` and the layer `ann@x.org` into the folder
 * `ann_x.org` (the export dialog names each). It then says what each stands for:
 * - labels in `visual.conf`'s `[labels]` section, brat's own place for a type's display name
 *   (`my_label | my label`: brat shows the label as it was), under {@link LABELS_MARK};
 * - folders in `annotation.conf`, one comment line each ({@link FOLDER_MARK}), brat having no annotators.
 * An import reads them back only from files marked so: another project's `visual.conf` names its
 * types for display, which an import keeps as they are.
 *
 * @see https://brat.nlplab.org/configuration.html
 */
import { baseName, folderKey, folderParts } from './bratFiles';
import type { NamedBlob } from './format';

/** The comment a Spanwright export writes over its `visual.conf` labels. */
export const LABELS_MARK = '# Spanwright: each type stands for the label named after it';
/** The start of each `annotation.conf` comment line naming a folder's annotator. */
export const FOLDER_MARK = '# Spanwright folder: ';

/**
 * A project's `visual.conf` takes the place of brat's own, whose `[drawing]` defaults it must then give
 * (brat warns of a file without the section): spans and arcs drawn as brat draws them by default.
 */
const DRAWING =
  'SPAN_DEFAULT\tfgColor:black, bgColor:lightgreen, borderColor:darken\nARC_DEFAULT\tcolor:black, arrowHead:triangle-5';

/** A name brat shows as it is in `[labels]`: no `|` (its separator), and no space around (brat trims it). */
const showable = (label: string) => !label.includes('|') && label.trim() === label && label !== '';

/** `visual.conf` for an export whose `renamed` labels (label, type) became other types; null when none did. */
export function bratVisualConf(renamed: readonly (readonly [label: string, type: string])[]): string | null {
  const lines = renamed.filter(([label]) => showable(label)).map(([label, type]) => `${type} | ${label}`);
  return lines.length === 0 ? null : `${LABELS_MARK}\n[labels]\n${lines.join('\n')}\n\n[drawing]\n${DRAWING}\n`;
}

/** The `annotation.conf` comment lines naming each folder (folder, annotator) whose name is not its annotator's. */
export const folderLines = (renamed: readonly (readonly [annotator: string, folder: string])[]): string[] =>
  renamed.map(([annotator, folder]) => `${FOLDER_MARK}${JSON.stringify({ folder, annotator })}`);

/** True for a `visual.conf` (which an import reads when a Spanwright export wrote it). */
export const isVisualConf = (name: string): boolean => baseName(name) === 'visual.conf';

/** The lines of every `base` file of `files`, by the folder it is in ({@link folderKey}): each export dropped along says its own. */
export async function configsOf(files: readonly NamedBlob[], base: string): Promise<Map<string, string[]>> {
  const found = new Map<string, string[]>();
  for (const file of files)
    if (baseName(file.name) === base) found.set(folderKey(file.name), (await file.text()).split(/\r?\n/u));
  return found;
}

/** Of `found`, the one in the folder of `path` or the nearest folder above it. */
function nearest<T>(found: ReadonlyMap<string, T>, path: string): T | undefined {
  const parts = folderParts(path);
  for (let depth = parts.length; depth >= 0; depth--) {
    const here = found.get(parts.slice(0, depth).join('/'));
    if (here !== undefined) return here;
  }
  return undefined;
}

/**
 * The label each type stands for, from the `visual.conf` a Spanwright export wrote nearest each file: `of(path)`
 * (empty: none there, or one not marked so), and every type so named.
 */
export async function labelsOfTypes(
  files: readonly NamedBlob[],
): Promise<{ of: (path: string) => ReadonlyMap<string, string>; all: Map<string, string> }> {
  const byFolder = new Map<string, Map<string, string>>();
  for (const [folder, lines] of await configsOf(files, 'visual.conf')) {
    const labels = new Map<string, string>();
    byFolder.set(folder, labels);
    if (!lines.includes(LABELS_MARK)) continue;
    let section = '';
    for (const line of lines) {
      if (/^\[.*\]$/u.test(line.trim())) section = line.trim();
      else if (section === '[labels]' && !line.startsWith('#') && line.includes('|')) {
        const [type, label] = line.split('|').map((part) => part.trim());
        if (type && label) labels.set(type, label);
      }
    }
  }
  const all = new Map([...byFolder.values()].flatMap((labels) => [...labels]));
  return { of: (path) => nearest(byFolder, path) ?? new Map<string, string>(), all };
}

/**
 * The annotator each folder stands for, by the folder's path, from the `annotation.conf` files ({@link configsOf})
 * a Spanwright export wrote beside them (the export's top folder).
 */
export function annotatorsOfFolders(configs: ReadonlyMap<string, string[]>): Map<string, string> {
  const annotators = new Map<string, string>();
  for (const [top, lines] of configs)
    for (const line of lines) {
      if (!line.startsWith(FOLDER_MARK)) continue;
      try {
        const { folder, annotator } = JSON.parse(line.slice(FOLDER_MARK.length)) as Record<string, unknown>;
        if (typeof folder === 'string' && typeof annotator === 'string' && annotator.trim() !== '')
          annotators.set(top === '' ? folder : `${top}/${folder}`, annotator);
      } catch {
        // A line spoilt by hand: the folder keeps its own name.
      }
    }
  return annotators;
}

/** What an import's card says of the types it named back as labels. */
export function typesNote(labels: ReadonlyMap<string, string>): string {
  const shown = [...labels].slice(0, 5).map(([type, label]) => `${type} → ${JSON.stringify(label)}`);
  const more = labels.size > shown.length ? ` and ${labels.size - shown.length} more` : '';
  return `Types read as the labels the export that wrote them names in visual.conf: ${shown.join(', ')}${more}.`;
}

/** A label as a brat type: brat allows letters, digits, `_` and `-` (a space becomes `_`). */
export function bratType(label: string): string {
  return label.replace(/[^\p{L}\p{N}_-]+/gu, '_') || 'span';
}
