/**
 * Time as a port: modules take a Clock instead of calling Date.now(), so tests set the time
 * instead of mocking globals. The bank's day (limits, DESIGN.md §1) is the calendar day in
 * Europe/Belgrade, which moves between UTC+1 and UTC+2; Intl does the time-zone arithmetic.
 */
import { DomainError, assert } from './errors.ts';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export const bankTimeZone = 'Europe/Belgrade';

/** Explicit offsets only: "2026-03-28T10:00" without one would mean the test machine's zone. */
const isoInstant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

function instantMs(at: Date | string): number {
  const ms = typeof at === 'string' && isoInstant.test(at) ? Date.parse(at) : +at;
  assert(Number.isFinite(ms), `a valid instant with an explicit offset: ${String(at)}`);
  return ms;
}

/** A clock that moves only when told to. */
export class TestClock implements Clock {
  #ms: number;

  constructor(start: Date | string = '2026-01-15T09:00:00Z') {
    this.#ms = instantMs(start);
  }

  /** A fresh Date each time, so a caller mutating it cannot move the clock. */
  now(): Date {
    return new Date(this.#ms);
  }

  set(at: Date | string): void {
    this.#ms = instantMs(at);
  }

  /** Forward only: a test wanting time to jump back says so with set(). */
  advance(ms: number): void {
    assert(Number.isFinite(ms) && ms >= 0, 'advance by a non-negative duration');
    this.#ms += ms;
  }
}

// Building an Intl formatter is slow; there are only ever a handful of zones.
const dayFormatters = new Map<string, Intl.DateTimeFormat>();

function dayFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = dayFormatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      calendar: 'gregory',
      numberingSystem: 'latn',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    dayFormatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The calendar day ('YYYY-MM-DD') in `timeZone` at the instant `at`. */
export function bankDay(at: Date, timeZone: string = bankTimeZone): string {
  assert(Number.isFinite(at.getTime()), 'a valid date');
  const parts = dayFormatter(timeZone).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    parts.find((candidate) => candidate.type === type)?.value ?? '';
  return `${part('year').padStart(4, '0')}-${part('month')}-${part('day')}`;
}

const dayPattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Midnight UTC of a 'YYYY-MM-DD' day; VALIDATION_FAILED {field:'day'} if no such day exists. */
function parseDay(day: string): number {
  const match = dayPattern.exec(day);
  const ms = match ? Date.UTC(+(match[1] ?? ''), +(match[2] ?? '') - 1, +(match[3] ?? '')) : NaN;
  // Date.UTC rolls 2026-02-30 over to March; only a day that survives the round trip exists.
  if (!Number.isFinite(ms) || new Date(ms).toISOString().slice(0, 10) !== day) {
    throw new DomainError('VALIDATION_FAILED', `${day} is not a calendar day (YYYY-MM-DD)`, {
      field: 'day',
      reason: 'format',
    });
  }
  return ms;
}

/** Real offsets lie within ±14 h; ±18 h (ECMAScript's own bound) keeps local midnight inside. */
const offsetBoundMs = 18 * 60 * 60 * 1000;

/**
 * The first instant of `day` in `timeZone`. Usually local midnight, but where a DST change skips
 * midnight it is the instant the day begins. Found by bisection on "has the day started?", which
 * needs no offset arithmetic and so cannot be wrong around a transition.
 */
export function startOfBankDay(day: string, timeZone: string = bankTimeZone): Date {
  const wallMidnightMs = parseDay(day);
  let before = wallMidnightMs - offsetBoundMs; // still the previous day in any zone
  let after = wallMidnightMs + offsetBoundMs; // already this day (or later) in any zone
  assert(bankDay(new Date(before), timeZone) < day, 'lower bound is before the day');
  assert(bankDay(new Date(after), timeZone) >= day, 'upper bound is in or after the day');
  while (after - before > 1) {
    const middle = before + Math.floor((after - before) / 2);
    if (bankDay(new Date(middle), timeZone) < day) before = middle;
    else after = middle;
  }
  return new Date(after);
}

/** The day `days` calendar days after `day` (negative goes back), e.g. to end a day's window. */
export function addDays(day: string, days: number): string {
  assert(Number.isSafeInteger(days), 'a whole number of days');
  const dayMs = 24 * 60 * 60 * 1000;
  return new Date(parseDay(day) + days * dayMs).toISOString().slice(0, 10);
}

/**
 * Instants a client may hand us (in cursors) that every engine stores and JavaScript prints as
 * plain four-digit-year ISO text. Outside this range the database refuses the value (year 0,
 * year 275760), which must be the client's 400, not our 500.
 */
export const storableInstantMin = new Date('1970-01-01T00:00:00.000Z');
export const storableInstantMax = new Date('9999-12-31T23:59:59.999Z');

export function isStorableInstant(at: Date): boolean {
  const ms = at.getTime();
  return ms >= storableInstantMin.getTime() && ms <= storableInstantMax.getTime();
}
