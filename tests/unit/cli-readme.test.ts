/**
 * The README's command table names every option of every command: for each
 * command in the CLI, every flag it accepts (`--limit`, `--ack-all`, …) is
 * written in a row of that command. A flag added without its line fails here.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMANDS } from '../../src-main/cli/index';

const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8');
/** The command table's rows, by command: `| \`briefing NAME …\` | … |`. */
const rows = readme.split('\n').filter((line) => /^\| `briefing [a-z-]+/.test(line));

describe('README command table', () => {
  it.each(COMMANDS.map((c) => [c.name, c] as const))('lists `briefing %s` with every option', (name, command) => {
    const own = rows.filter((line) => line.startsWith(`| \`briefing ${name} `) || line.startsWith(`| \`briefing ${name}\``));
    expect(own.length, `no row for briefing ${name}`).toBeGreaterThan(0);
    const text = own.join('\n');
    const missing = Object.keys(command.flags ?? {}).filter((flag) => !text.includes(`--${flag}`));
    expect(missing, `briefing ${name}: options missing from the README`).toEqual([]);
  });
});
