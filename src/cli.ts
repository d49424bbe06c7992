/**
 * `node dist/cli.js <command> [args]`: operational commands that run without booting the app.
 * Each command module is imported only when it runs, so the CLI starts instantly and a command
 * that needs Nest or the database does not slow down the ones that do not.
 */

interface CliCommand {
  summary: string;
  /** Runs the command with the arguments after its name; resolves to the exit code. */
  load: () => Promise<{ run: (args: readonly string[]) => Promise<number> }>;
}

const COMMANDS: Record<string, CliCommand> = {
  'extract-reply': {
    summary:
      'extract-reply FILE|- [--json]   print the reply extracted from an .eml, text or HTML body',
    load: () => import('./cli/extract-reply.command.js'),
  },
};

function usage(): string {
  const lines = Object.values(COMMANDS).map((command) => `  ${command.summary}`);
  return ['Usage: node dist/cli.js <command> [args]', '', 'Commands:', ...lines, ''].join('\n');
}

export async function runCli(argv: readonly string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`Unknown command: ${name}\n\n${usage()}`);
    return 2;
  }
  const module = await command.load();
  return module.run(args);
}

process.exitCode = await runCli(process.argv.slice(2));
