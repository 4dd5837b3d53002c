/**
 * What files the user dropped become: each file an import of its own, but a .zip opened into its
 * files, and brat's `.txt`/`.ann` pairs (dropped together or zipped) one import of them all.
 */
import { filesInZip, isZip } from './archive';
import { pairBratFiles } from './brat';
import type { FileSource, NamedBlob } from './format';

const sourceOf = (name: string, files: readonly NamedBlob[]): FileSource => ({
  name,
  size: files.reduce((sum, file) => sum + file.size, 0),
  files,
});

/**
 * The imports `files` make. An archive that cannot be opened is a problem named after it, and
 * leaves the other files alone.
 */
export async function sourcesOf(
  files: readonly NamedBlob[],
): Promise<{ sources: FileSource[]; problems: { name: string; message: string }[] }> {
  const sources: FileSource[] = [];
  const problems: { name: string; message: string }[] = [];
  const loose: NamedBlob[] = [];
  for (const file of files) {
    if (!isZip(file)) {
      loose.push(file);
      continue;
    }
    try {
      const inside = (await filesInZip(file)).files;
      const { pairs, unpaired } = pairBratFiles(inside);
      if (pairs.length > 0)
        sources.push(
          sourceOf(file.name, [...pairs.flatMap(({ txt, ann }) => [txt, ann]), ...unpaired.filter(isBratCompanion)]),
        );
      for (const other of unpaired.filter((entry) => !isBratCompanion(entry) || pairs.length === 0))
        sources.push(sourceOf(`${file.name}: ${other.name}`, [other]));
    } catch (error) {
      problems.push({ name: file.name, message: error instanceof Error ? error.message : String(error) });
    }
  }
  const { pairs, unpaired } = pairBratFiles(loose);
  if (pairs.length > 0) {
    const name = pairs.length === 1 ? `${pairs[0].txt.name} + ${pairs[0].ann.name}` : `brat: ${pairs.length} documents`;
    sources.push(sourceOf(name, [...pairs.flatMap(({ txt, ann }) => [txt, ann]), ...unpaired.filter(isBratCompanion)]));
  }
  for (const file of unpaired.filter((entry) => !isBratCompanion(entry) || pairs.length === 0))
    sources.push(sourceOf(file.name, [file]));
  return { sources, problems };
}

/** A file that travels with brat pairs and is read with them (to be said ignored, not imported alone). */
function isBratCompanion(file: { name: string }): boolean {
  return /(^|\/)annotation\.conf$|(^|\/)visual\.conf$|(^|\/)tools\.conf$|(^|\/)kb_shortcuts\.conf$/u.test(file.name);
}
