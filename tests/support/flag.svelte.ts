/** A boolean a test flips, that components reading it through a getter see change (a rune). */
export class Flag {
  value = $state(false);
}
