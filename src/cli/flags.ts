/**
 * Vault spells long flags with one dash (`-format=json`, `-dev`, `-field=name`); commander wants
 * two. Every single-dash argument longer than one letter is given its second dash, so both
 * spellings work. Single-letter flags (`-f`), `key=value` arguments, a lone `-` (standard input)
 * and everything after `--` are left alone.
 */
export function normalizeVaultFlags(args: readonly string[]): string[] {
  const out: string[] = [];
  let passthrough = false;
  for (const arg of args) {
    if (passthrough || arg === "--") {
      passthrough = true;
      out.push(arg);
    } else if (/^-[A-Za-z][A-Za-z0-9_-]+(=.*)?$/s.test(arg)) {
      out.push(`-${arg}`);
    } else {
      out.push(arg);
    }
  }
  return out;
}
