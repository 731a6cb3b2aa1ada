/** Audit actors of operator commands: "operator:<os user>@cli" or "operator:<os user>@cli-via-server". */
import os from 'node:os';

export type OperatorRoute = 'cli' | 'cli-via-server';

const userNamePattern = /^[A-Za-z0-9._-]{1,64}$/;

/** The OS account running the CLI; containers without a passwd entry still get a name. */
export function osUserName(): string {
  try {
    return os.userInfo().username;
  } catch {
    return `uid-${process.getuid?.() ?? 'unknown'}`;
  }
}

export function isOperatorUserName(name: unknown): name is string {
  return typeof name === 'string' && userNamePattern.test(name);
}

export function operatorActor(route: OperatorRoute, user: string = osUserName()): string {
  return `operator:${isOperatorUserName(user) ? user : 'unknown'}@${route}`;
}
