// The worker thread that reads import files (see readPieces in read.ts). For each file it is sent, it
// posts the header, then the rows in pieces, then 'done'; a problem with the file is posted as the
// AppError it would have been on the main thread. It stays for the next file.
import { parentPort } from 'node:worker_threads';
import { AppError } from '../../../shared/errors';
import { tablePieces, type WorkerJob, type WorkerMessage } from './read';

const post = (m: WorkerMessage) => parentPort!.postMessage(m);

parentPort!.on('message', ({ job, fileName, bytes, sheet }: WorkerJob) => {
  void (async () => {
    try {
      for await (const piece of tablePieces(fileName, bytes, sheet)) post({ job, type: 'piece', piece });
      post({ job, type: 'done' });
    } catch (err) {
      if (err instanceof AppError) post({ job, type: 'error', code: err.code, message: err.message, details: err.details });
      else post({ job, type: 'error', code: null, message: String(err instanceof Error ? (err.stack ?? err.message) : err) });
    }
  })();
});
