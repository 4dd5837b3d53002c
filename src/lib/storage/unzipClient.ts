/**
 * Opens a .zip in a Worker of its own (unzip.worker.ts) where the platform has Workers, else on this
 * thread (tests under Node): the same files, and the same message naming the archive when it cannot
 * be read or is damaged. The Worker is ended once it answers.
 */
import { filesInZip } from '../formats/archive';
import type { NamedBlob } from '../formats/format';
import { asFile } from './asFile';
import { workersAvailable } from './outgoingClient';

export type UnzipResponse = { type: 'opened'; files: File[]; skipped: string[] } | { type: 'failed'; message: string };

/** The files inside `archive` (see `filesInZip`); rejects with a RangeError naming it when it cannot be read. */
export async function openZip(archive: NamedBlob): Promise<{ files: File[]; skipped: string[] }> {
  if (!workersAvailable()) return filesInZip(archive);
  const file = await asFile(archive);
  const worker = new Worker(new URL('./unzip.worker.ts', import.meta.url), { type: 'module' });
  try {
    const answer = await new Promise<UnzipResponse>((resolve, reject) => {
      worker.onmessage = (event: MessageEvent<UnzipResponse>) => resolve(event.data);
      worker.onerror = (event) =>
        reject(new RangeError(`${archive.name} could not be opened (${event.message || 'its Worker did not start'})`));
      worker.onmessageerror = () => reject(new RangeError(`${archive.name} could not be opened`));
      worker.postMessage(file);
    });
    if (answer.type === 'failed') throw new RangeError(answer.message);
    return { files: answer.files, skipped: answer.skipped };
  } finally {
    worker.terminate();
  }
}
