/**
 * Entries an archive or a dropped folder carries that are no one's files: folders, macOS resource
 * forks, dot files (`.DS_Store`). A path is `/`-separated, relative to the archive or the drop.
 */
export function isJunk(path: string): boolean {
  return path.endsWith('/') || /(^|\/)__MACOSX\//u.test(path) || /(^|\/)\.[^/]*$/u.test(path);
}
