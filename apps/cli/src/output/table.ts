// Human output as kn and kubectl print it: left-aligned columns separated by three spaces, an
// upper-case header row, and commands shown as a shell would need them typed. Pure functions.

/** Spaces between columns (kubectl's tabwriter padding). */
const PADDING = 3;

/** Rows (header first, unless omitted) as aligned text, one line each; the last column is not padded. */
export function formatTable(header: readonly string[] | undefined, rows: readonly (readonly string[])[]): string {
  const all = header === undefined ? rows : [header, ...rows];
  const widths: number[] = [];
  for (const row of all) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return all.map((row) => `${row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd((widths[i] ?? 0) + PADDING))).join('')}\n`).join('');
}

/** Characters a POSIX shell leaves alone in a word. */
const SHELL_SAFE = /^[\w@%+=:,./-]+$/;

/** One argument as a shell would need it typed (single-quoted when needed). */
export function shellQuote(arg: string): string {
  if (SHELL_SAFE.test(arg)) return arg;
  return `'${arg.replaceAll("'", `'\\''`)}'`;
}

/** An argv as one line a shell would run. */
export function formatCommand(argv: readonly string[]): string {
  return argv.map(shellQuote).join(' ');
}
