/**
 * `smartpay`: the operator CLI. Exit status 0 on success, 1 when the command failed (a domain
 * error, or `ledger verify` finding a broken invariant), 2 for usage errors.
 */
import { CommanderError } from 'commander';
import { loadConfig } from '../core/config.ts';
import { isDomainError } from '../core/errors.ts';
import { parseCommandLine } from './program.ts';
import type { CommandArgs, JsonObject } from './registry.ts';
import { runCommand } from './run.ts';

const exitFailed = 1;
const exitUsage = 2;

class UsageError extends Error {}

async function main(argv: readonly string[]): Promise<number> {
  let json = argv.includes('--json');
  try {
    const invocation = await parseCommandLine(argv);
    if (!invocation) return 0;
    json = invocation.json;
    const args = await withPasswordFromStdin(invocation.args);
    const config = loadConfig(process.env);
    const { result, route } = await runCommand(config, invocation.command, args);
    if (json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    else process.stdout.write(`${invocation.command.render(result)}\n`);
    if (route === 'server' && !json)
      process.stderr.write('(run by the SmartPay server through its operator channel)\n');
    // A result that says it is not ok (ledger verify) fails the command, for scripts and cron.
    return result.ok === false ? exitFailed : 0;
  } catch (error) {
    return reportError(error, json);
  }
}

/** `--password-stdin` keeps the password out of the shell history and the process list. */
async function withPasswordFromStdin(args: CommandArgs): Promise<CommandArgs> {
  if (args.passwordStdin !== true) return args;
  if (typeof args.password === 'string')
    throw new UsageError('use either --password or --password-stdin, not both');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const password = Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
  const { passwordStdin: _omitted, ...rest } = args;
  return { ...rest, password };
}

function reportError(error: unknown, json: boolean): number {
  if (error instanceof CommanderError) {
    // Commander has already printed the message or the help text.
    const done = error.code === 'commander.helpDisplayed' || error.code === 'commander.version';
    return done ? 0 : exitUsage;
  }
  if (error instanceof UsageError) {
    process.stderr.write(`error: ${error.message}\n`);
    return exitUsage;
  }
  const code = isDomainError(error) ? error.code : 'INTERNAL';
  const message = error instanceof Error ? error.message : String(error);
  if (json)
    process.stdout.write(`${JSON.stringify({ error: { code, message } satisfies JsonObject })}\n`);
  else process.stderr.write(`error: ${message}\n`);
  if (!isDomainError(error) && error instanceof Error && process.env.SMARTPAY_DEBUG)
    process.stderr.write(`${error.stack ?? ''}\n`);
  return exitFailed;
}

process.exitCode = await main(process.argv.slice(2));
