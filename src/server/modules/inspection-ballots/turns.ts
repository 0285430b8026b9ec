/**
 * Turns for the public ballot endpoint (a flood of ballots must not starve the rest of the
 * application): at most `concurrency` ballots are written at once, and each one starts from
 * `setImmediate`, after the event loop has taken in what the network brought meanwhile — so a
 * request of another page waits behind a few ballots, never behind the whole burst. Waiting
 * ballots hold no database connection (a PostgreSQL pool of 10 stays available to the others).
 * In process memory only; nothing about a ballot or its order is kept.
 */
export function createTurns(concurrency: number) {
  let running = 0;
  const waiting: (() => void)[] = [];
  const pump = () => {
    while (running < concurrency && waiting.length > 0) {
      running += 1;
      setImmediate(waiting.shift() as () => void);
    }
  };
  return {
    async run<T>(fn: () => Promise<T>): Promise<T> {
      await new Promise<void>((resolve) => {
        waiting.push(resolve);
        pump();
      });
      try {
        return await fn();
      } finally {
        running -= 1;
        pump();
      }
    },
    /** Ballots being written or waiting (for tests). */
    get pending() {
      return running + waiting.length;
    },
  };
}
