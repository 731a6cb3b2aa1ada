/**
 * The command line, built with commander from the command registry, so every command's
 * arguments, options and help text are declared once, next to the function that runs it.
 */
import { Command } from 'commander';
import { commands } from './commands/index.ts';
import type { CommandSpec } from './registry.ts';

export interface Invocation {
  readonly command: CommandSpec;
  readonly args: Record<string, string | boolean | undefined>;
  readonly json: boolean;
}

const groupSummaries: Readonly<Record<string, string>> = {
  customer: 'customers of the bank and their logins',
  account: 'bank accounts: open, deposit, withdraw, overdraft',
  rates: 'exchange rates against EUR',
  tariff: 'payment fees per currency',
  settings: 'bank settings (limits, validity periods, lockout, sessions)',
  ledger: 'ledger checks and maintenance',
  payments: 'SmartPay payments, both sides at once',
  receipt: 'signed receipts: check a receipt PDF offline',
  sms: 'SMS messages of the development provider',
  db: 'database schema',
  audit: 'the audit log',
  demo: 'demo data',
};

/**
 * Parses argv (without "node" and the script) into the command to run. Commander errors
 * (unknown command or option, missing argument) and --help throw a CommanderError carrying
 * the exit code, which main turns into the process's.
 */
export async function parseCommandLine(argv: readonly string[]): Promise<Invocation | undefined> {
  let invocation: Invocation | undefined;
  const program = new Command('smartpay')
    .description('SmartPay operator commands')
    .option('--json', 'print the result (or the error) as JSON')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  const groups = new Map<string, Command>();
  for (const spec of commands) {
    const [groupName = '', verb = ''] = spec.name.split(' ');
    let group = groups.get(groupName);
    if (!group) {
      group = program.command(groupName).description(groupSummaries[groupName] ?? '');
      groups.set(groupName, group);
    }
    const command = group.command(verb).description(spec.summary);
    for (const argument of spec.arguments ?? [])
      command.argument(`<${argument.name}>`, argument.description);
    for (const option of spec.options ?? []) command.option(option.flags, option.description);
    command.action((...params: unknown[]) => {
      const self = params.at(-1) as Command;
      invocation = {
        command: spec,
        args: collectArgs(spec, self),
        json: Boolean(self.optsWithGlobals().json),
      };
    });
  }
  await program.parseAsync([...argv], { from: 'user' });
  return invocation;
}

function collectArgs(
  spec: CommandSpec,
  command: Command,
): Record<string, string | boolean | undefined> {
  const args: Record<string, string | boolean | undefined> = {};
  for (const [name, value] of Object.entries(command.opts())) {
    if (typeof value === 'string' || typeof value === 'boolean') args[name] = value;
  }
  (spec.arguments ?? []).forEach((argument, index) => {
    const value: unknown = command.processedArgs[index];
    if (typeof value === 'string') args[argument.name] = value;
  });
  return args;
}
