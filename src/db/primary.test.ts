import { describe, expect, it } from 'vitest';
import { describePostgresTarget, parseMultiHostUrl } from './primary.ts';

describe('multi-host PostgreSQL URLs', () => {
  it("reads a failover formation's URL with its hosts in order", () => {
    expect(
      parseMultiHostUrl(
        'postgres://app:s%40cret@10.0.0.1:6001,db2.bank:6002/smartpay?target_session_attrs=read-write',
      ),
    ).toEqual({
      hosts: [
        { host: '10.0.0.1', port: 6001 },
        { host: 'db2.bank', port: 6002 },
      ],
      user: 'app',
      password: 's@cret',
      database: 'smartpay',
      targetSessionAttrs: 'read-write',
    });
  });

  it('defaults the port and needs read-write unless told otherwise', () => {
    const parsed = parseMultiHostUrl('postgresql://h1,[::1]:7000/db');
    expect(parsed?.hosts).toEqual([
      { host: 'h1', port: 5432 },
      { host: '::1', port: 7000 },
    ]);
    expect(parsed?.targetSessionAttrs).toBe('read-write');
  });

  it('leaves single-host URLs to node-postgres', () => {
    expect(parseMultiHostUrl('postgres://postgres@127.0.0.1:5432/postgres')).toBeUndefined();
  });

  it('describes a target without its credentials', () => {
    expect(describePostgresTarget('postgres://u:pw@a:1,b:2/db')).toBe('a:1,b:2/db (primary of 2)');
    expect(describePostgresTarget('postgres://u:pw@a:1/db')).toBe('a:1/db');
  });
});
