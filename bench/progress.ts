/**
 * One progress line while the benchmark runs: rewritten in place on a terminal, printed every
 * few seconds otherwise (CI logs keep every line).
 */
const tty = process.stdout.isTTY === true;
let last = 0;
let shown = false;

export function progress(text: string): void {
  if (tty) {
    process.stdout.write(`\r\x1b[2K${text}`);
    shown = true;
    return;
  }
  const now = Date.now();
  if (now - last < 5000) return;
  last = now;
  console.log(text);
}

/** A line that stays (ends the progress line first). */
export function say(text: string): void {
  if (tty && shown) process.stdout.write("\r\x1b[2K");
  shown = false;
  console.log(text);
}
