/** A span's text (or a title) as a message quotes it: up to 40 characters. */
export function truncate(text: string): string {
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}
