/** In-process signal that subscriptions changed, so a running scheduler re-arms at once (other processes poll). */
const listeners = new Set<() => void>();

export function onDigestChange(fn: () => void): () => void {
  listeners.add(fn);
  return () => void listeners.delete(fn);
}

export function notifyDigestChange(): void {
  for (const fn of listeners) fn();
}
