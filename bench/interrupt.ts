/**
 * Ctrl-C or SIGTERM during a run: stop the server and the load generator this bench started and
 * drop its databases, instead of leaving them behind. A second signal exits at once.
 */
const tasks = new Set<() => Promise<unknown>>();
let interrupted = false;

/** Registers what to undo if the bench is interrupted; call the returned function once done. */
export function undoOnInterrupt(task: () => Promise<unknown>): () => void {
  tasks.add(task);
  return () => tasks.delete(task);
}

export function installInterruptHandler(): void {
  const handler = (signal: NodeJS.Signals) => {
    if (interrupted) process.exit(130);
    interrupted = true;
    process.stderr.write(
      `\n${signal}: stopping what the bench started and dropping its databases …\n`,
    );
    // Newest first: the server goes before the database it uses.
    void Promise.allSettled([...tasks].reverse().map((task) => task())).finally(() =>
      process.exit(130),
    );
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}
