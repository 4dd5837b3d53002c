/** Esc in a field of Settings → Labels (a name, a key) puts it back as stored and says so (true). */
export function settingsFieldKey(event: KeyboardEvent & { currentTarget: HTMLInputElement }, stored: string): boolean {
  const field = event.currentTarget;
  if (event.key !== 'Escape') return false;
  event.preventDefault();
  field.value = stored;
  field.select();
  return true;
}

/**
 * A character typed into a key field (one character long) that holds one already takes its place, however it is
 * typed (a key, AltGr, a dead key, an input method): helper-211 typed 7 over 5 and nothing happened, the field full.
 */
export function replaceKey(event: InputEvent & { currentTarget: HTMLInputElement }): void {
  const field = event.currentTarget;
  if (!event.inputType.startsWith('insert') || field.value.length < field.maxLength) return;
  if (field.selectionStart !== field.selectionEnd) return; // a selection is replaced already
  field.value = '';
}
