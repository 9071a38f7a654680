/**
 * Date-Time values as ISO 8601 text, for the XML and JSON encodings.
 *
 * KMIP Additional Message Encodings v1.0 §4.1.6.11 (JSON) and §6.1.6.11 (XML, xsd:dateTime):
 *   '-'? yyyy '-' mm '-' dd 'T' hh ':' mm ':' ss ('.' s+)? ((('+' | '-') hh ':' mm) | 'Z')?
 * "Fractional seconds are not used in KMIP and should not generally be shown. If they are used,
 * they should be ignored (truncated)." A missing zone is read as UTC. We write UTC as "+00:00",
 * as the OASIS test-case files do.
 *
 * Date-Time Extended (KMIP 2.0 §9.1.1.4, microseconds) postdates the encodings document; we
 * write it with six fractional digits and read up to six (more are truncated).
 *
 * Calendar arithmetic is done here (proleptic Gregorian, days since 1970-01-01) rather than with
 * `Date`, which cannot reach the full signed 64-bit range and maps years 0-99 to 1900-1999.
 */

const SECONDS_PER_DAY = 86_400n;
const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;
const ISO = /^(-?\d{4,})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})?$/;

/** Days from 1970-01-01 to the given proleptic Gregorian date (month 1-12). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const monthFromMarch = (month + 9) % 12;
  const dayOfYear = Math.floor((153 * monthFromMarch + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** Inverse of `daysFromCivil`. */
function civilFromDays(days: number): [year: number, month: number, day: number] {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthFromMarch = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthFromMarch + 2) / 5) + 1;
  const month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
  return [yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day];
}

function daysInMonth(year: number, month: number): number {
  return (
    daysFromCivil(month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1, 1) -
    daysFromCivil(year, month, 1)
  );
}

/** Zone designator to seconds east of UTC; "Z" and a missing zone are UTC. */
function zoneSeconds(zone: string | undefined): number | undefined {
  if (zone === undefined || zone === "Z") return 0;
  const hours = Number(zone.slice(1, 3));
  const minutes = Number(zone.slice(4, 6));
  if (hours > 14 || minutes > 59) return undefined;
  return (zone[0] === "-" ? -1 : 1) * (hours * 3600 + minutes * 60);
}

/**
 * Parse ISO 8601 text to POSIX seconds (or microseconds when `micros`), or undefined when the
 * text is not a valid date-time or does not fit a signed 64-bit value.
 */
export function parseIsoDateTime(text: string, micros: boolean): bigint | undefined {
  const m = ISO.exec(text);
  if (m === null) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as number[];
  if (year === undefined || month === undefined || day === undefined) return undefined;
  if (hour === undefined || minute === undefined || second === undefined) return undefined;
  if (!Number.isSafeInteger(year) || Math.abs(year) > 300_000_000_000) return undefined;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const zone = zoneSeconds(m[8]);
  if (zone === undefined) return undefined;
  const days = BigInt(daysFromCivil(year, month, day));
  const seconds = days * SECONDS_PER_DAY + BigInt(hour * 3600 + minute * 60 + second - zone);
  const fraction = micros ? BigInt((m[7] ?? "").padEnd(6, "0").slice(0, 6)) : 0n;
  const value = micros ? seconds * 1_000_000n + fraction : seconds;
  return value < INT64_MIN || value > INT64_MAX ? undefined : value;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}

/** POSIX seconds (or microseconds when `micros`) to ISO 8601 in UTC, e.g. "2001-01-01T00:00:00+00:00". */
export function formatIsoDateTime(value: bigint, micros: boolean): string {
  const perSecond = micros ? 1_000_000n : 1n;
  let seconds = value / perSecond;
  let fraction = value % perSecond;
  if (fraction < 0n) {
    fraction += perSecond;
    seconds -= 1n;
  }
  let days = seconds / SECONDS_PER_DAY;
  let rest = Number(seconds % SECONDS_PER_DAY);
  if (rest < 0) {
    rest += 86_400;
    days -= 1n;
  }
  const [year, month, day] = civilFromDays(Number(days));
  const yearText = year < 0 ? `-${pad(-year, 4)}` : pad(year, 4);
  const time = `${pad(Math.floor(rest / 3600), 2)}:${pad(Math.floor(rest / 60) % 60, 2)}:${pad(rest % 60, 2)}`;
  const frac = micros ? `.${pad(Number(fraction), 6)}` : "";
  return `${yearText}-${pad(month, 2)}-${pad(day, 2)}T${time}${frac}+00:00`;
}
