/**
 * The CRC-32 each .zip entry was written with, checked against the bytes unpacked: fflate's
 * `unzipSync` does not check it, so an archive damaged in a stored (uncompressed) entry would be
 * imported as if whole. The checksums are read from the central directory (PKWARE's APPNOTE.TXT,
 * 4.3.12 and 4.3.16), named as fflate names the entries (UTF-8 when the entry's flag bit 11 says so,
 * else Latin-1).
 */

const END_OF_DIRECTORY = 0x06054b50;
const ZIP64_END_LOCATOR = 0x07064b50;
const ZIP64_END_OF_DIRECTORY = 0x06064b50;
const DIRECTORY_ENTRY = 0x02014b50;

/** The CRC-32 table of the zip polynomial (0xEDB88320, reflected). */
const TABLE = (() => {
  const table = new Uint32Array(256);
  for (let byte = 0; byte < 256; byte++) {
    let crc = byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? 0xedb88320 ^ (crc >>> 1) : crc >>> 1;
    table[byte] = crc >>> 0;
  }
  return table;
})();

/** The CRC-32 of `data`, as a zip entry records it. */
export function crc32(data: Uint8Array): number {
  let crc = 0xffffffff;
  for (let index = 0; index < data.length; index++) crc = TABLE[(crc ^ data[index]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** Each entry's recorded CRC-32 by name (the last of a repeated name, as fflate keeps), or null when no central directory is found. */
export function recordedChecksums(archive: Uint8Array): Map<string, number> | null {
  const view = new DataView(archive.buffer, archive.byteOffset, archive.byteLength);
  // The end record is 22 bytes, followed by a comment of up to 65,535.
  let end = -1;
  for (let at = archive.length - 22; at >= Math.max(0, archive.length - 22 - 65_535); at--)
    if (view.getUint32(at, true) === END_OF_DIRECTORY) {
      end = at;
      break;
    }
  if (end < 0) return null;
  let count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  // ZIP64 (more than 65,535 entries, or past 4 GB): the counts are in the ZIP64 end record its locator names.
  if ((count === 0xffff || at === 0xffffffff) && end >= 20 && view.getUint32(end - 20, true) === ZIP64_END_LOCATOR) {
    const record = Number(view.getBigUint64(end - 12, true));
    if (record + 56 > archive.length || view.getUint32(record, true) !== ZIP64_END_OF_DIRECTORY) return null;
    count = Number(view.getBigUint64(record + 32, true));
    at = Number(view.getBigUint64(record + 48, true));
  }
  const checksums = new Map<string, number>();
  const utf8Names = new TextDecoder();
  for (let entry = 0; entry < count && at + 46 <= archive.length; entry++) {
    if (view.getUint32(at, true) !== DIRECTORY_ENTRY) return null;
    const utf8 = (view.getUint16(at + 8, true) & 0x800) !== 0;
    const nameLength = view.getUint16(at + 28, true);
    const bytes = archive.subarray(at + 46, at + 46 + nameLength);
    const name = utf8 ? utf8Names.decode(bytes) : String.fromCharCode(...bytes);
    checksums.set(name, view.getUint32(at + 16, true));
    at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return checksums;
}

/**
 * The names of the entries whose bytes do not match the CRC-32 they were written with (those
 * `checked` accepts); null when the archive's central directory cannot be read, so nothing was checked.
 */
export function damagedEntries(
  archive: Uint8Array,
  entries: Record<string, Uint8Array>,
  checked: (name: string) => boolean = () => true,
): string[] | null {
  const recorded = recordedChecksums(archive);
  if (!recorded) return null;
  return Object.entries(entries)
    .filter(([name, data]) => checked(name) && recorded.has(name) && recorded.get(name) !== crc32(data))
    .map(([name]) => name);
}
