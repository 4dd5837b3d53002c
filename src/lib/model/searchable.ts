/** `text` folded for search: lower case, accents and other combining marks dropped (Zürich → zurich). */
export function searchable(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLocaleLowerCase();
}
