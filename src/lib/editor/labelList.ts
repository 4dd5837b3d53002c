/**
 * Label names as one space-separated attribute value (UI-CONTRACT: `data-label` lists labels
 * separated by spaces). A name may hold spaces (`Person Name`, as Label Studio allows), so a space
 * in a name is written `%20` and a `%` as `%25`: `[data-label~="claim"]` still finds `claim`, and
 * `Person Name` is one entry, `Person%20Name`, never two.
 */
export function labelList(names: readonly string[]): string {
  return names.map((name) => name.replaceAll('%', '%25').replaceAll(' ', '%20')).join(' ');
}
