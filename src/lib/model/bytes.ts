/** Byte counts for people, as the Settings page shows storage use. */

const UNITS = ['bytes', 'KB', 'MB', 'GB', 'TB', 'PB'] as const;

/**
 * A byte count for people: `0 bytes`, `1 byte`, `512 bytes`, `1.5 KB`, `12 MB`, `1.2 GB`.
 * Units are powers of 1024 (as browsers report quotas); one decimal below 10, none above.
 */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return 'unknown';
  if (bytes < 1024) return bytes === 1 ? '1 byte' : `${Math.round(bytes)} bytes`;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  // Round first so 1023.96 KB reads "1 MB", not "1024 KB".
  let rounded = value < 10 ? Math.round(value * 10) / 10 : Math.round(value);
  if (rounded >= 1024 && unit < UNITS.length - 1) {
    rounded = 1;
    unit += 1;
  }
  return `${rounded} ${UNITS[unit]}`;
}
