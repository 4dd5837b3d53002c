/**
 * A key pressed in a field of Settings → Labels (a name, a key): Esc puts the field back as stored and says so
 * (true); a key field, one character long, takes the character typed in place of its own (helper-211: typing 7
 * over 5 did nothing, the field being full).
 */
export function settingsFieldKey(event: KeyboardEvent & { currentTarget: HTMLInputElement }, stored: string): boolean {
  const field = event.currentTarget;
  if (field.maxLength === 1 && event.key.length === 1 && !event.ctrlKey && !event.metaKey) field.value = '';
  if (event.key !== 'Escape') return false;
  event.preventDefault();
  field.value = stored;
  field.select();
  return true;
}
