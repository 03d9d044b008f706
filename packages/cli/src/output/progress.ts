const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/**
 * Runs `work` and, when it takes more than a second, shows a spinner with `label` on stderr. Only
 * on a terminal and never with --json: scripts and pipes see nothing. The line is cleared after.
 */
export async function withProgress<T>(
  label: string,
  work: Promise<T> | (() => Promise<T>),
  quiet = false,
): Promise<T> {
  const promise = typeof work === 'function' ? work() : work;
  if (quiet || !process.stderr.isTTY) return promise;
  let frame = 0;
  let spinner: NodeJS.Timeout | undefined;
  const started = Date.now();
  const delay = setTimeout(() => {
    spinner = setInterval(() => {
      const seconds = Math.round((Date.now() - started) / 1000);
      process.stderr.write(`\r${FRAMES[frame++ % FRAMES.length]} ${label} (${seconds} s)\x1b[K`);
    }, 100);
    spinner.unref();
  }, 1000);
  delay.unref();
  try {
    return await promise;
  } finally {
    clearTimeout(delay);
    if (spinner) {
      clearInterval(spinner);
      process.stderr.write('\r\x1b[K');
    }
  }
}
