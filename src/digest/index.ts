export {
  startDigestScheduler,
  DEFAULT_RETRY_DELAYS_MS,
  type DigestScheduler,
  type DigestSchedulerOptions,
} from './scheduler.js';
export { buildDigest, presetDigest, pickView, MAX_DIGEST_CHARS, type DigestOptions } from './content.js';
export {
  dueSlots,
  latestSlot,
  nextSlot,
  parseSchedule,
  validateCron,
  formatInZone,
  DEFAULT_TIMEZONE,
} from './schedule.js';
export { runSubscription, digestFor, type SlotResult, type SlotOutcome } from './runner.js';
export { notifyDigestChange, onDigestChange } from './changes.js';
export { parseDigestContent, describeContent, type DigestContent } from './spec.js';
