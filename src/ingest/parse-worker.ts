/**
 * The parse worker thread of a bulk import: extracts, parses, audits and makes ready to save one file at a time
 * (parseToSave, the same code as on the main thread) and posts its reports back, while the main thread saves the file
 * before. Started by parse-ahead.ts; PDFs are not sent here (their extraction has its own worker).
 */
import { parentPort } from 'node:worker_threads';
import { isUserError } from '../errors.js';
import { ImportDeadline } from './limits.js';
import type { ParseJob, ParseReply } from './parse-ahead.js';
import { parseToSave } from './ready-to-save.js';

parentPort!.on('message', async (job: ParseJob) => {
  let reply: ParseReply;
  try {
    const deadline = new ImportDeadline(job.file, job.timeoutSeconds);
    reply = { id: job.id, parsed: await parseToSave(job.file, job.bytes, job.limits, deadline) };
  } catch (e) {
    reply = isUserError(e)
      ? { id: job.id, userError: { code: e.code, message: e.message } }
      : { id: job.id, failure: e instanceof Error ? (e.stack ?? e.message) : String(e) };
  }
  parentPort!.postMessage(reply);
});
