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

const baseName = (name: string) => (name.replace(/\\/gu, '/').split('/').at(-1) ?? name).toLowerCase();
const linesOf = async (files: readonly NamedBlob[], base: string): Promise<string[] | null> => {
  const file = files.find((candidate) => baseName(candidate.name) === base);
  return file ? (await file.text()).split(/\r?\n/u) : null;
};

/** The label each type stands for, from a `visual.conf` a Spanwright export wrote (empty: none, or not marked so). */
export async function labelsOfTypes(files: readonly NamedBlob[]): Promise<Map<string, string>> {
  const lines = await linesOf(files, 'visual.conf');
  const labels = new Map<string, string>();
  if (!lines?.includes(LABELS_MARK)) return labels;
  let section = '';
  for (const line of lines) {
    if (/^\[.*\]$/u.test(line.trim())) section = line.trim();
    else if (section === '[labels]' && !line.startsWith('#') && line.includes('|')) {
      const [type, label] = line.split('|').map((part) => part.trim());
      if (type && label) labels.set(type, label);
    }
  }
  return labels;
}

/** The annotator each folder stands for, from the `annotation.conf` a Spanwright export wrote. */
export async function annotatorsOfFolders(files: readonly NamedBlob[]): Promise<Map<string, string>> {
  const annotators = new Map<string, string>();
  for (const line of (await linesOf(files, 'annotation.conf')) ?? []) {
    if (!line.startsWith(FOLDER_MARK)) continue;
    try {
      const { folder, annotator } = JSON.parse(line.slice(FOLDER_MARK.length)) as Record<string, unknown>;
      if (typeof folder === 'string' && typeof annotator === 'string' && annotator.trim() !== '')
        annotators.set(folder, annotator);
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
