/**
 * Multi-host PostgreSQL for node-postgres, which understands one host only. A formation such as
 * pg_auto_failover's gives `postgres://user@h1:p1,h2:p2/db?target_session_attrs=read-write`:
 * every new pooled connection goes to the node that is primary now. The primary is found by
 * asking each host `pg_is_in_recovery()` (short timeouts), remembered, and looked for again when
 * a connection to it fails or it turns out to be a standby; so after a failover the pool follows
 * the new primary by itself, and requests in between get a clean 503 (the connection errors are
 * classified in db/failures.ts), never a hang past the connect timeout.
 */
import pg from 'pg';

export interface HostPort {
  readonly host: string;
  readonly port: number;
}

export interface MultiHostUrl {
  readonly hosts: readonly HostPort[];
  readonly user: string | undefined;
  readonly password: string | undefined;
  readonly database: string | undefined;
  /** `read-write` (the default here: the app writes) or `any`. */
  readonly targetSessionAttrs: string;
}

/** Each host gets this long to answer during discovery. */
export const primaryProbeMsMax = 1_500;

/** Parses a libpq-style URL with one or more comma-separated hosts; undefined for other URLs. */
export function parseMultiHostUrl(url: string): MultiHostUrl | undefined {
  const match =
    /^postgres(?:ql)?:\/\/(?:([^:@/]*)(?::([^@/]*))?@)?([^/?]*)(?:\/([^?]*))?(?:\?(.*))?$/.exec(
      url,
    );
  if (!match) return undefined;
  const [, user, password, hostList = '', database, query = ''] = match;
  if (!hostList.includes(',')) return undefined;
  const hosts = hostList.split(',').map((entry): HostPort => {
    const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
    const [host, port] = bracketed
      ? [bracketed[1] ?? '', bracketed[2]]
      : [entry.split(':')[0] ?? '', entry.split(':')[1]];
    return { host: decodeURIComponent(host), port: port ? Number.parseInt(port, 10) : 5432 };
  });
  const params = new URLSearchParams(query);
  return {
    hosts,
    user: user ? decodeURIComponent(user) : undefined,
    password: password ? decodeURIComponent(password) : undefined,
    database: database ? decodeURIComponent(database) : undefined,
    targetSessionAttrs: params.get('target_session_attrs') ?? 'read-write',
  };
}

/** `host:port[,host:port…]/database`, for people: never the user or password. */
export function describePostgresTarget(url: string): string {
  const multiHost = parseMultiHostUrl(url);
  if (multiHost) {
    const hosts = multiHost.hosts.map((node) => `${node.host}:${node.port}`).join(',');
    return `${hosts}/${multiHost.database ?? '(default)'} (primary of ${multiHost.hosts.length})`;
  }
  try {
    const parsed = new URL(url);
    const name = decodeURIComponent(parsed.pathname.replace(/^\//, '')) || '(default)';
    return `${parsed.hostname}${parsed.port ? `:${parsed.port}` : ''}/${name}`;
  } catch {
    return '(connection string not shown)';
  }
}

/** Remembers the primary; one discovery at a time, shared by every connection that waits. */
export class PrimaryLocator {
  private known: HostPort | undefined;
  private searching: Promise<HostPort> | undefined;

  constructor(private readonly target: MultiHostUrl) {}

  primary(): Promise<HostPort> {
    if (this.known) return Promise.resolve(this.known);
    this.searching ??= this.discover().finally(() => (this.searching = undefined));
    return this.searching;
  }

  /** The remembered node failed or is no longer primary: look again next time. */
  forget(node?: HostPort): void {
    if (node === undefined || (this.known?.host === node.host && this.known.port === node.port))
      this.known = undefined;
  }

  private async discover(): Promise<HostPort> {
    const answers = await Promise.all(this.target.hosts.map((node) => this.probe(node)));
    const writable = this.target.hosts.find((_node, index) => answers[index] === 'primary');
    const any = this.target.hosts.find((_node, index) => answers[index] !== 'down');
    const chosen = this.target.targetSessionAttrs === 'any' ? any : writable;
    if (!chosen)
      throw new Error(
        `no primary among ${this.target.hosts.length} database hosts (${answers.join(', ')})`,
      );
    this.known = chosen;
    return chosen;
  }

  private async probe(node: HostPort): Promise<'primary' | 'standby' | 'down'> {
    const client = new pg.Client({
      host: node.host,
      port: node.port,
      user: this.target.user,
      password: this.target.password,
      database: this.target.database,
      connectionTimeoutMillis: primaryProbeMsMax,
      statement_timeout: primaryProbeMsMax,
    });
    client.on('error', () => undefined);
    try {
      await client.connect();
      const { rows } = await client.query<{ standby: boolean }>(
        'select pg_is_in_recovery() as standby',
      );
      return rows[0]?.standby === false ? 'primary' : 'standby';
    } catch {
      return 'down';
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}

interface MutableTarget {
  host: string;
  port: number;
  connectionParameters: { host: string; port: number };
}

/**
 * A pg.Client class whose connect first asks the locator where the primary is, connects there,
 * and checks it still is (a node may have been demoted since it was found).
 */
export function primaryClientClass(locator: PrimaryLocator, writable: boolean): typeof pg.Client {
  class PrimaryClient extends pg.Client {
    override connect(): Promise<pg.Client>;
    override connect(callback: ((err: Error) => void) | ((err: null, c: pg.Client) => void)): void;
    override connect(
      callback?: ((err: Error) => void) | ((err: null, c: pg.Client) => void),
    ): Promise<pg.Client> | void {
      const connected = this.connectToPrimary();
      if (!callback) return connected;
      const done = callback as (err: Error | null, c?: pg.Client) => void;
      connected.then(
        (client) => done(null, client),
        (error: Error) => done(error),
      );
    }

    private async connectToPrimary(): Promise<pg.Client> {
      const node = await locator.primary();
      const self = this as unknown as MutableTarget;
      self.host = node.host;
      self.port = node.port;
      self.connectionParameters.host = node.host;
      self.connectionParameters.port = node.port;
      // Whatever happens to this connection later, the next one looks for the primary again.
      this.on('error', () => locator.forget(node));
      try {
        await super.connect();
      } catch (error) {
        locator.forget(node);
        throw error;
      }
      if (writable) {
        const { rows } = await super.query<{ standby: boolean }>(
          'select pg_is_in_recovery() as standby',
        );
        if (rows[0]?.standby !== false) {
          locator.forget(node);
          await this.end().catch(() => undefined);
          throw new Error(`no primary: ${node.host}:${node.port} is a standby now`);
        }
      }
      return this;
    }
  }
  return PrimaryClient;
}
