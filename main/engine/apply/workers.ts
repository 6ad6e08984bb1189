/**
 * Runs `worker` `concurrency` times at once (at least once, never more often than there are
 * items) and waits for all; each worker takes items from a shared queue until it is empty.
 */
export async function runWorkers(
  concurrency: number,
  items: number,
  worker: () => Promise<void>
): Promise<void> {
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items)) }, () => worker()))
}
