/**
 * What the import Worker does with each message (incoming.worker.ts wires it to the Worker's own
 * `postMessage`): it runs the page's own importer (importer.ts) on a connection of its own, keeps the
 * parsed records between the analysis and the commit, and answers with the analysis, the progress
 * and the result. A cancel comes as a message: a commit takes back the batches it wrote.
 */
import { SpanwrightDatabase } from './database';
import { FileImport } from './importer';
import { ImportFailure } from './importTypes';
import type { IncomingRequest, IncomingResponse } from './incomingProtocol';
import { keptSince } from './importTypes';
import { isQuotaError } from './writeErrors';

function failed(error: unknown): IncomingResponse {
  const { name, message } = error instanceof Error ? error : { name: 'Error', message: String(error) };
  const kept = keptSince(error);
  const keptPart = kept ? { kept } : {};
  // A full disk keeps its name across, whatever Dexie wrapped it in: the page says how much space is needed.
  if (isQuotaError(error)) return { type: 'failed', name: 'QuotaExceededError', message, ...keptPart };
  return {
    type: 'failed',
    name,
    message,
    ...(error instanceof ImportFailure ? { errors: error.errors } : {}),
    ...keptPart,
  };
}

/** One Worker's handler: one file, analysed, then committed. `open`: its own connection (a test may hand in one). */
export function incomingHandler(
  reply: (message: IncomingResponse) => void,
  open: (name: string) => SpanwrightDatabase = (name) => new SpanwrightDatabase(name),
): (request: IncomingRequest) => Promise<void> {
  let job: { importer: FileImport; cancel: AbortController; now: number | null } | null = null;
  return async (request) => {
    if (request.type === 'cancel') {
      job?.cancel.abort(new DOMException('The import was cancelled.', 'AbortError'));
      return;
    }
    try {
      if (request.type === 'analyse') {
        reply({ type: 'received' });
        const cancel = new AbortController();
        const importer = new FileImport(open(request.databaseName), request.source, {
          ...request.options,
          signal: cancel.signal,
          now: () => job?.now ?? Date.now(),
          onProgress: (progress) => reply({ type: 'progress', progress }),
        });
        job = { importer, cancel, now: null };
        reply({ type: 'analysed', analysis: await importer.analyse() });
      } else {
        if (!job) throw new Error('the file was not analysed before its import');
        job.now = request.now;
        reply({ type: 'committed', result: await job.importer.commit() });
      }
    } catch (error) {
      reply(failed(error));
    }
  };
}
