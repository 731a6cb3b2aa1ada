/**
 * The shape of an operator command. A command is a plain function from a context and string
 * arguments to a JSON-able result, so the same function runs whether the CLI opened the database
 * itself or handed the command to the running server (DESIGN.md §4, operator channel); rendering
 * the result for people happens on the client.
 */
import type { Clock } from '../core/clock.ts';
import type { Config } from '../core/config.ts';
import type { Database } from '../db/connection.ts';

export type Json = string | number | boolean | null | readonly Json[] | JsonObject;
export type JsonObject = { readonly [key: string]: Json };

/** Parsed command-line values: positionals and options by name, all still text (or flags). */
export type CommandArgs = Readonly<Record<string, string | boolean | undefined>>;

export interface CommandContext {
  readonly database: Database;
  readonly config: Config;
  readonly clock: Clock;
  /** Who is acting, for the audit log: "operator:<os user>@cli" or "…@cli-via-server". */
  readonly actor: string;
}

export interface ArgumentSpec {
  readonly name: string;
  readonly description: string;
}

export interface OptionSpec {
  /** Commander flags, e.g. "--overdraft <amount>"; the value arrives under its camelCase name. */
  readonly flags: string;
  readonly description: string;
}

export interface CommandSpec<R extends JsonObject = JsonObject> {
  /** Group and verb, e.g. "account deposit". */
  readonly name: string;
  readonly summary: string;
  readonly arguments?: readonly ArgumentSpec[];
  readonly options?: readonly OptionSpec[];
  /** False only for `db migrate`, which must run before the schema exists. */
  readonly needsSchema?: boolean;
  /**
   * True for commands that work on local files without the database (`receipt verify`): they run
   * in the CLI process, never through the operator channel, and their context has no database.
   */
  readonly offline?: boolean;
  run(context: CommandContext, args: CommandArgs): Promise<R>;
  /** Human-readable text of the result; `--json` prints the result itself. */
  render(result: R): string;
}

/** Lets each command keep its precise result type while the registry holds them all. */
export function defineCommand<R extends JsonObject>(spec: CommandSpec<R>): CommandSpec {
  return spec as unknown as CommandSpec;
}
