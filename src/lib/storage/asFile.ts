import type { NamedBlob } from '../formats/format';

/** `file` as a File, which crosses to a Worker without its bytes copied on this thread (read whole otherwise). */
export const asFile = async (file: NamedBlob): Promise<File> =>
  file instanceof File ? file : new File([await file.arrayBuffer()], file.name);
