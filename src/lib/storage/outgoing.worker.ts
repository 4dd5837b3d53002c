/**
 * Export and backup files written off the main thread: the page sends the job and the database's
 * name; this Worker reads IndexedDB itself (its own connection), writes the file and sends the Blob
 * back, with its progress on the way. The code is the page's own (exporter.ts, backup.ts).
 *
 * Why a Worker, though the export and the backup already yield every few milliseconds: reading
 * every row of a large corpus leaves Chromium's garbage collector of its own objects (Oilpan) a
 * sweep of what the IndexedDB reads made, one task of 130–170 ms of CPU on the thread that read them,
 * the same when nothing at all is made of the rows (bench/taskCpu.js --attribute, docs/performance.md).
 * Here that thread is not the page's.
 */
import { exportBackup } from './backup';
import { SpanwrightDatabase } from './database';
import { checkExport, exportRecords } from './exporter';
import { ALIVE_MS, type OutgoingRequest, type OutgoingResponse } from './outgoingProtocol';

const reply = (message: OutgoingResponse) => self.postMessage(message);

self.onmessage = async (event: MessageEvent<OutgoingRequest>) => {
  const request = event.data;
  const onProgress = (done: number, total: number) => reply({ type: 'progress', done, total });
  let database: SpanwrightDatabase | null = null;
  // The page ends a Worker that says nothing for long (outgoingClient.ts): one that hung.
  reply({ type: 'alive' });
  const alive = setInterval(() => reply({ type: 'alive' }), ALIVE_MS);
  try {
    database = new SpanwrightDatabase(request.databaseName);
    const result =
      request.job === 'backup'
        ? await exportBackup(database, request.now, { onProgress })
        : request.job === 'check'
          ? await checkExport(database, { ...request.options, onProgress })
          : await exportRecords(database, { ...request.options, onProgress });
    reply({ type: 'done', result });
  } catch (error) {
    const { name, message } = error instanceof Error ? error : { name: 'Error', message: String(error) };
    reply({ type: 'failed', name, message });
  } finally {
    clearInterval(alive);
    database?.close();
  }
};
