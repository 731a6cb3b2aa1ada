import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, bankDay, bankTimeZone, startOfBankDay, systemClock, TestClock } from './clock.ts';
import { isDomainError } from './errors.ts';

const at = (iso: string) => new Date(iso);
const hourMs = 60 * 60 * 1000;

describe('clocks', () => {
  it('tells the real time through the system clock', () => {
    const before = Date.now();
    const now = systemClock.now().getTime();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });

  it('keeps a test clock still until it is set or advanced', () => {
    const clock = new TestClock('2026-03-28T23:30:00Z');
    expect(clock.now().toISOString()).toBe('2026-03-28T23:30:00.000Z');
    clock.advance(90 * 60 * 1000);
    expect(clock.now().toISOString()).toBe('2026-03-29T01:00:00.000Z');
    clock.set(at('2026-07-01T12:00:00Z'));
    expect(clock.now().toISOString()).toBe('2026-07-01T12:00:00.000Z');
    clock.set('2026-07-01T14:00:00+02:00');
    expect(clock.now().toISOString()).toBe('2026-07-01T12:00:00.000Z');
  });

  it('cannot be moved by mutating a date it handed out', () => {
    const clock = new TestClock('2026-01-01T00:00:00Z');
    clock.now().setUTCFullYear(1999);
    expect(clock.now().toISOString()).toBe('2026-01-01T00:00:00.000Z');
  });

  it('refuses times that would depend on the machine running the test', () => {
    expect(() => new TestClock('2026-03-28T10:00')).toThrow(/assertion failed/);
    expect(() => new TestClock('yesterday')).toThrow(/assertion failed/);
    expect(() => new TestClock().advance(-1)).toThrow(/assertion failed/);
  });
});

describe('bankDay', () => {
  it('is the calendar day in Belgrade', () => {
    expect(bankTimeZone).toBe('Europe/Belgrade');
  });

  it.each([
    ['2026-03-28T23:30:00Z', '2026-03-29', 'half past midnight CET is already the next day'],
    ['2026-01-15T22:59:59Z', '2026-01-15', 'a minute before midnight CET is the same day'],
    ['2026-01-15T23:00:00Z', '2026-01-16', 'midnight CET (UTC+1) starts the next day'],
    ['2026-07-15T21:59:59Z', '2026-07-15', 'a second before midnight CEST is the same day'],
    ['2026-07-15T22:00:00Z', '2026-07-16', 'midnight CEST (UTC+2) starts the next day'],
    ['2026-07-15T22:59:00Z', '2026-07-16', '22:59Z in summer is already 00:59 the next day'],
    ['2026-03-29T00:59:59Z', '2026-03-29', 'the last second of CET on the spring change'],
    ['2026-03-29T01:00:00Z', '2026-03-29', 'the first second of CEST on the spring change'],
    ['2026-10-25T00:30:00Z', '2026-10-25', 'the first 02:30 on the autumn change'],
    ['2026-10-25T01:30:00Z', '2026-10-25', 'the repeated 02:30 on the autumn change'],
    ['2026-10-25T22:59:59Z', '2026-10-25', 'the end of the 25-hour autumn day'],
    ['2026-12-31T23:00:00Z', '2027-01-01', 'new year in Belgrade before it is in UTC'],
  ])('puts %s on %s: %s', (instant, day) => {
    expect(bankDay(at(instant))).toBe(day);
  });

  it('works for another time zone when asked', () => {
    expect(bankDay(at('2026-03-28T23:30:00Z'), 'UTC')).toBe('2026-03-28');
    expect(bankDay(at('2026-03-28T23:30:00Z'), 'Asia/Tokyo')).toBe('2026-03-29');
  });

  it('refuses an invalid date, as a bug', () => {
    expect(() => bankDay(new Date(Number.NaN))).toThrow(/assertion failed/);
  });
});

describe('startOfBankDay', () => {
  it.each([
    ['2026-01-15', '2026-01-14T23:00:00.000Z', 'a winter day starts at 23:00 UTC'],
    ['2026-07-15', '2026-07-14T22:00:00.000Z', 'a summer day starts at 22:00 UTC'],
    ['2026-03-29', '2026-03-28T23:00:00.000Z', 'the spring change day starts in CET'],
    ['2026-03-30', '2026-03-29T22:00:00.000Z', 'the day after it starts in CEST'],
    ['2026-10-25', '2026-10-24T22:00:00.000Z', 'the autumn change day starts in CEST'],
    ['2026-10-26', '2026-10-25T23:00:00.000Z', 'the day after it starts in CET'],
  ])('starts %s at %s: %s', (day, instant) => {
    expect(startOfBankDay(day).toISOString()).toBe(instant);
  });

  it('makes the spring change day 23 hours long and the autumn one 25', () => {
    const length = (day: string) =>
      startOfBankDay(addDays(day, 1)).getTime() - startOfBankDay(day).getTime();
    expect(length('2026-03-29')).toBe(23 * hourMs);
    expect(length('2026-10-25')).toBe(25 * hourMs);
    expect(length('2026-07-15')).toBe(24 * hourMs);
  });

  it('starts the day at 01:00 where a DST change skips midnight', () => {
    // Chile moved from UTC-4 to UTC-3 at midnight on 2024-09-08: 00:00 became 01:00.
    const start = startOfBankDay('2024-09-08', 'America/Santiago');
    expect(start.toISOString()).toBe('2024-09-08T04:00:00.000Z');
    expect(bankDay(new Date(start.getTime() - 1), 'America/Santiago')).toBe('2024-09-07');
  });

  it('is the first instant of its day for any instant', () => {
    const instants = fc.date({
      min: at('2000-01-01T00:00:00Z'),
      max: at('2100-01-01T00:00:00Z'),
      noInvalidDate: true,
    });
    fc.assert(
      fc.property(instants, (instant) => {
        const day = bankDay(instant);
        const start = startOfBankDay(day);
        expect(start.getTime()).toBeLessThanOrEqual(instant.getTime());
        expect(bankDay(start)).toBe(day);
        expect(bankDay(new Date(start.getTime() - 1))).toBe(addDays(day, -1));
      }),
      { numRuns: 200 },
    );
  });

  it.each(['2026-02-30', '2026-13-01', '26-01-01', '2026-1-1', '2026-01-01T00:00:00Z', ''])(
    'refuses "%s" as a day',
    (day) => {
      let error: unknown;
      try {
        startOfBankDay(day);
      } catch (caught) {
        error = caught;
      }
      expect(isDomainError(error, 'VALIDATION_FAILED')).toBe(true);
    },
  );
});

describe('addDays', () => {
  it('moves across months, years and leap days', () => {
    expect(addDays('2026-01-31', 1)).toBe('2026-02-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2026-03-29', 0)).toBe('2026-03-29');
  });
});
