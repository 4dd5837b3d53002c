/** Values a test changes that a rune reading them through a getter sees change: `$state` over `initial`. */
export function reactive<T extends object>(initial: T): T {
  const held = $state(initial);
  return held;
}
