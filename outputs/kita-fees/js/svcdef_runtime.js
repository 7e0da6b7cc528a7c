// svcdef expression runtime for JavaScript: the functions generated validators and fee calculators call.
//
// Shipped verbatim next to generated code; an ES module without dependencies.
// Semantics are those of docs/expressions.md in the svcdef repository, the same
// as the Python runtime: null (and undefined) propagate, `and`/`or`/`not` are
// three-valued, numbers are exact decimals (`Dec`: a BigInt coefficient and a
// scale, never binary floating point), division rounds to 12 fractional digits
// half-even and gives null for a zero divisor. Dates, date-times and times are
// canonical ISO strings (`2026-01-31`, `2026-01-31T10:00:00`, `10:00:00`, with
// `.ffffff` only when there are microseconds), so that string order is time
// order; calendar arithmetic uses integers only, never `Date`. No function
// throws, whatever it is given.

/** An exact decimal number: `m / 10**s`, with `m` a BigInt and `s` an integer scale >= 0. */
export class Dec {
  constructor(m, s) {
    this.m = m;
    this.s = s;
  }

  toString() {
    return str(this);
  }

  toJSON() {
    return str(this);
  }
}

const DIVISION_PLACES = 12;
const POWERS = [];
for (let i = 0, p = 1n; i <= 64; i++, p *= 10n) POWERS.push(p);
const SMALL = [];
for (let i = 0; i < 256; i++) SMALL.push(Object.freeze(new Dec(BigInt(i), 0)));
const NUMBER = /^([+-]?)(?:(\d+)(?:\.(\d*))?|\.(\d+))(?:[eE]([+-]?\d{1,3}))?$/;
const CLOCK = /^(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?$/;
const PATTERNS = new Map();

function pow10(k) {
  return k < POWERS.length ? POWERS[k] : 10n ** BigInt(k);
}

function int(i) {
  return i >= 0 && i < 256 ? SMALL[i] : new Dec(BigInt(i), 0);
}

/** Whether x is a runtime number. */
export function isDec(x) {
  return x instanceof Dec;
}

/** The number `x` (Dec, BigInt, safe integer or finite Number, numeric string) as a Dec, or null. */
export function dec(x) {
  if (x instanceof Dec) return x;
  if (typeof x === "bigint") return new Dec(x, 0);
  if (typeof x === "number") {
    if (!Number.isFinite(x)) return null;
    if (Number.isSafeInteger(x)) return int(x);
    return parseNumber(String(x));
  }
  if (typeof x === "string") return parseNumber(x);
  return null;
}

/** A plain decimal `-?D+(.D+)?` (at most 15 characters, so exact as a double), read without a pattern; else undefined. */
function plainNumber(text) {
  const n = text.length;
  let i = text.charCodeAt(0) === 45 ? 1 : 0;
  const start = i;
  let m = 0;
  let point = -1;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 46 && point < 0 && i > start && i < n - 1) point = i;
    else if (c >= 48 && c <= 57) m = m * 10 + (c - 48);
    else return undefined;
  }
  if (i === start) return undefined;
  return new Dec(BigInt(start === 1 ? -m : m), point < 0 ? 0 : n - point - 1);
}

/** The digits after the point that `scanDecimal` last read (a module variable: no result object made). */
let scannedScale = 0;
const TENS = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/**
 * The digits of `text` as a number (exact up to 15 digits; the sign left out), or -1 unless the text is what a
 * decimal field takes: `-?(0|[1-9][0-9]{0,17})`, then `.` and 1 to `places` digits when places > 0 (the
 * pattern `decimal_pattern` of svcdef's formats). Sets `scannedScale`. One pass over the characters, where
 * the pattern and then a conversion took two and a regular-expression call.
 */
function scanDecimal(text, places) {
  const n = text.length;
  let i = n > 0 && text.charCodeAt(0) === 45 ? 1 : 0;
  const start = i;
  let m = 0;
  let c = text.charCodeAt(i); // NaN past the end
  if (c === 48) i += 1;
  else if (c >= 49 && c <= 57) {
    const end = Math.min(n, start + 18);
    for (; i < end; i++) {
      c = text.charCodeAt(i);
      if (c < 48 || c > 57) break;
      m = m * 10 + (c - 48);
    }
  } else return -1;
  let scale = 0;
  if (i < n) {
    scale = n - i - 1;
    if (text.charCodeAt(i) !== 46 || scale < 1 || scale > places) return -1;
    for (let j = i + 1; j < n; j++) {
      c = text.charCodeAt(j);
      if (c < 48 || c > 57) return -1;
      m = m * 10 + (c - 48);
    }
  }
  scannedScale = scale;
  return m;
}

/** The number of digits of a text `scanDecimal` took, whose last `scale` digits follow the point. */
function digitCount(text, scale) {
  return text.length - (text.charCodeAt(0) === 45 ? 1 : 0) - (scale > 0 ? 1 : 0);
}

/** A decimal field's text (see `scanDecimal`) as a Dec, or null unless it is one. */
export function decimalOf(text, places) {
  if (typeof text !== "string") return null;
  const m = scanDecimal(text, places);
  if (m < 0) return null;
  const scale = scannedScale;
  if (digitCount(text, scale) > 15) {
    // more than 15 digits may be past 2**53, where the double is no longer exact
    const point = text.length - scale - 1;
    return new Dec(BigInt(scale > 0 ? text.slice(0, point) + text.slice(point + 1) : text), scale);
  }
  return new Dec(BigInt(text.charCodeAt(0) === 45 ? -m : m), scale);
}

/**
 * A decimal field's text (see `scanDecimal`) as the double `Number(text)` gives (the nearest), or NaN unless
 * it is one: up to 15 digits the digits and the power of ten are exact doubles, so their quotient is the
 * nearest double; `Number` on the text costs V8 about 440 instructions, the scan less than the pattern did.
 */
export function decimalNumber(text, places) {
  if (typeof text !== "string") return NaN;
  const m = scanDecimal(text, places);
  if (m < 0) return NaN;
  const scale = scannedScale;
  if (digitCount(text, scale) > 15) return Number(text);
  const x = scale > 0 ? m / TENS[scale] : m;
  return text.charCodeAt(0) === 45 ? -x : x;
}

function parseNumber(text) {
  if (text.length > 100) return null;
  if (text.length <= 15 && text.length > 0) {
    const plain = plainNumber(text);
    if (plain !== undefined) return plain;
  }
  const m = NUMBER.exec(text);
  if (m === null) return null;
  const whole = m[4] === undefined ? m[2] : "";
  const fraction = m[4] === undefined ? m[3] || "" : m[4];
  const exponent = m[5] === undefined ? 0 : Number(m[5]);
  let coefficient = BigInt((whole + fraction).replace(/^0+(?=\d)/, "") || "0");
  let scale = fraction.length - exponent;
  if (scale < 0) {
    coefficient *= pow10(-scale);
    scale = 0;
  }
  return new Dec(m[1] === "-" ? -coefficient : coefficient, scale);
}

/** The canonical decimal text of a Dec: `-12.50`, `0.000000000001`, `3`; null for anything else. */
export function str(d) {
  if (!(d instanceof Dec)) return null;
  let m = d.m;
  const negative = m < 0n;
  if (negative) m = -m;
  let text = m.toString();
  if (d.s > 0) {
    text = text.padStart(d.s + 1, "0");
    text = text.slice(0, text.length - d.s) + "." + text.slice(text.length - d.s);
  }
  return negative ? "-" + text : text;
}

function cmp(a, b) {
  let x = a.m;
  let y = b.m;
  if (a.s !== b.s && x !== 0n && y !== 0n) {
    // scaled to one scale, unless one is zero: then the other's sign decides (`income > 0` needs no product)
    if (a.s < b.s) x *= pow10(b.s - a.s);
    else y *= pow10(a.s - b.s);
  }
  return x < y ? -1 : x > y ? 1 : 0;
}

export function add(a, b) {
  if (!(a instanceof Dec) || !(b instanceof Dec)) return null;
  if (a.s === b.s) return new Dec(a.m + b.m, a.s);
  // a zero at the smaller scale leaves the other as it is (a Dec is never changed, so it can be returned)
  if (a.s < b.s) return a.m === 0n ? b : new Dec(a.m * pow10(b.s - a.s) + b.m, b.s);
  return b.m === 0n ? a : new Dec(a.m + b.m * pow10(a.s - b.s), a.s);
}

export function sub(a, b) {
  if (!(a instanceof Dec) || !(b instanceof Dec)) return null;
  if (a.s === b.s) return new Dec(a.m - b.m, a.s);
  if (a.s < b.s) return new Dec(a.m * pow10(b.s - a.s) - b.m, b.s);
  return new Dec(a.m - b.m * pow10(a.s - b.s), a.s);
}

export function mul(a, b) {
  if (!(a instanceof Dec) || !(b instanceof Dec)) return null;
  return new Dec(a.m * b.m, a.s + b.s);
}

/** a / b rounded half-even to 12 fractional digits, trailing fractional zeros removed; null if b is 0. */
export function div(a, b) {
  if (!(a instanceof Dec) || !(b instanceof Dec) || b.m === 0n) return null;
  let num = a.m * pow10(b.s + DIVISION_PLACES);
  let den = b.m * pow10(a.s);
  if (den < 0n) {
    num = -num;
    den = -den;
  }
  let q = num / den;
  let r = num % den;
  if (r < 0n) {
    q -= 1n;
    r += den;
  }
  const twice = 2n * r;
  if (twice > den || (twice === den && (q & 1n) === 1n)) q += 1n;
  let places = DIVISION_PLACES;
  while (places > 0 && q % 10n === 0n) {
    q /= 10n;
    places -= 1;
  }
  return new Dec(q, places);
}

export function neg(a) {
  return a instanceof Dec ? new Dec(-a.m, a.s) : null;
}

export function absolute(a) {
  return a instanceof Dec ? (a.m < 0n ? new Dec(-a.m, a.s) : a) : null;
}

/** a rounded half away from zero to exactly `places` fractional digits. */
export function round_to(a, places) {
  if (!(a instanceof Dec) || !Number.isInteger(places) || places < 0 || places > 12) return null;
  if (a.s <= places) return new Dec(a.m * pow10(places - a.s), places);
  const d = pow10(a.s - places);
  let q = a.m / d;
  const r = a.m % d;
  if (2n * (r < 0n ? -r : r) >= d) q += a.m < 0n ? -1n : 1n;
  return new Dec(q, places);
}

export function concat(a, b) {
  return typeof a === "string" && typeof b === "string" ? a + b : null;
}

function same(a, b) {
  if (a instanceof Dec) return b instanceof Dec && cmp(a, b) === 0;
  return a === b;
}

/** -1, 0 or 1 for two numbers or two ISO strings of one kind; null for anything else. */
function order(a, b) {
  if (a instanceof Dec) return b instanceof Dec ? cmp(a, b) : null;
  if (typeof a === "string" && typeof b === "string") return a < b ? -1 : a > b ? 1 : 0;
  return null;
}

export function eq(a, b) {
  return a == null || b == null ? null : same(a, b);
}

export function ne(a, b) {
  return a == null || b == null ? null : !same(a, b);
}

export function lt(a, b) {
  const c = a == null || b == null ? null : order(a, b);
  return c === null ? null : c < 0;
}

export function le(a, b) {
  const c = a == null || b == null ? null : order(a, b);
  return c === null ? null : c <= 0;
}

export function gt(a, b) {
  const c = a == null || b == null ? null : order(a, b);
  return c === null ? null : c > 0;
}

export function ge(a, b) {
  const c = a == null || b == null ? null : order(a, b);
  return c === null ? null : c >= 0;
}

// The comparisons below take two JS numbers (`_n`: small integers such as days, years, counts, never
// beyond 2**53) or two canonical ISO texts of one kind (`_s`: dates, date-times or times), each possibly
// null or undefined; generated code calls them where the checker's types guarantee those operands.

export function eq_n(a, b) {
  return a == null || b == null ? null : a === b;
}

export function ne_n(a, b) {
  return a == null || b == null ? null : a !== b;
}

export function lt_n(a, b) {
  return a == null || b == null ? null : a < b;
}

export function le_n(a, b) {
  return a == null || b == null ? null : a <= b;
}

export function gt_n(a, b) {
  return a == null || b == null ? null : a > b;
}

export function ge_n(a, b) {
  return a == null || b == null ? null : a >= b;
}

// Separate functions for texts, so that each compares one kind of value and V8 keeps it specialised.

export function eq_s(a, b) {
  return a == null || b == null ? null : a === b;
}

export function ne_s(a, b) {
  return a == null || b == null ? null : a !== b;
}

export function lt_s(a, b) {
  return a == null || b == null ? null : a < b;
}

export function le_s(a, b) {
  return a == null || b == null ? null : a <= b;
}

export function gt_s(a, b) {
  return a == null || b == null ? null : a > b;
}

export function ge_s(a, b) {
  return a == null || b == null ? null : a >= b;
}

export function and_(a, b) {
  if (a === false || b === false) return false;
  return a === true && b === true ? true : null;
}

export function or_(a, b) {
  if (a === true || b === true) return true;
  return a === false && b === false ? false : null;
}

export function not_(a) {
  return a === true ? false : a === false ? true : null;
}

export function in_(x, values) {
  if (x == null) return null;
  if (!Array.isArray(values)) return false;
  for (const v of values) if (v != null && same(v, x)) return true;
  return false;
}

export function not_in(x, values) {
  const r = in_(x, values);
  return r === null ? null : !r;
}

/** group[name] for an own property of a plain object, else null (never inherited properties). */
export function field(group, name) {
  if (group === null || typeof group !== "object" || Array.isArray(group) || group instanceof Dec) return null;
  if (!Object.prototype.hasOwnProperty.call(group, name)) return null;
  const v = group[name];
  return v === undefined ? null : v;
}

export function is_set(x) {
  return x != null;
}

export function coalesce(...values) {
  for (const v of values) if (v != null) return v;
  return null;
}

function daysFromCivil(y, m, d) {
  if (m <= 2) y -= 1;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(z) {
  z += 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

function pad(n, width) {
  return String(n).padStart(width, "0");
}

function isLeap(y) {
  return y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
}

/**
 * The text `DDDD-DD-DD` (ASCII digits) at `at` in `d` as the number YYYYMMDD, else -1; no allocation, and
 * written out digit by digit (a loop skipping the dashes took 4% more of a validation), as validators read
 * many dates.
 */
function packedAt(d, at) {
  if (d.charCodeAt(at + 4) !== 45 || d.charCodeAt(at + 7) !== 45) return -1;
  const y0 = d.charCodeAt(at) - 48;
  const y1 = d.charCodeAt(at + 1) - 48;
  const y2 = d.charCodeAt(at + 2) - 48;
  const y3 = d.charCodeAt(at + 3) - 48;
  const m0 = d.charCodeAt(at + 5) - 48;
  const m1 = d.charCodeAt(at + 6) - 48;
  const d0 = d.charCodeAt(at + 8) - 48;
  const d1 = d.charCodeAt(at + 9) - 48;
  // `!(c >= 0 && c <= 9)` also refuses NaN, what charCodeAt gives past the end
  if (!(y0 >= 0 && y0 <= 9 && y1 >= 0 && y1 <= 9 && y2 >= 0 && y2 <= 9 && y3 >= 0 && y3 <= 9)) return -1;
  if (!(m0 >= 0 && m0 <= 9 && m1 >= 0 && m1 <= 9 && d0 >= 0 && d0 <= 9 && d1 >= 0 && d1 <= 9)) return -1;
  return ((((((y0 * 10 + y1) * 10 + y2) * 10 + y3) * 10 + m0) * 10 + m1) * 10 + d0) * 10 + d1;
}

/**
 * Days read so far: text -> YYYYMMDD, or -1 for a text that is no day of the calendar. A validation reads
 * each date several times (its field check, every rule that uses it, the day of validation) and successive
 * submissions bring the same days again; a lookup costs a third of reading the digits (V8's `charCodeAt`
 * dispatches on the string's representation each time). Emptied when full, so any input keeps it small.
 */
const DAYS = new Map();
const DAYS_KEPT = 4096;

/** A date text `YYYY-MM-DD` that exists in the calendar (years 1 to 9999) as the number YYYYMMDD, else -1. */
function datePacked(d) {
  if (typeof d !== "string" || d.length !== 10) return -1;
  let p = DAYS.get(d);
  if (p === undefined) {
    p = packedAt(d, 0);
    if (p >= 0 && !inCalendar(p)) p = -1;
    if (DAYS.size >= DAYS_KEPT) DAYS.clear();
    DAYS.set(d, p);
  }
  return p;
}

function dayNumber(packed) {
  return daysFromCivil(Math.floor(packed / 10000), Math.floor(packed / 100) % 100, packed % 100);
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Whether a packed YYYYMMDD is a day of the calendar (years 1 to 9999). */
function inCalendar(p) {
  const y = Math.floor(p / 10000);
  const m = Math.floor(p / 100) % 100;
  const d = p % 100;
  if (y < 1 || m < 1 || m > 12 || d < 1) return false;
  return d <= MONTH_DAYS[m - 1] || (m === 2 && d === 29 && isLeap(y));
}

/** A date text `YYYY-MM-DD` that exists in the calendar (years 1 to 9999), else null. */
export function date(x) {
  return datePacked(x) >= 0 ? x : null;
}

/** A time text `HH:MM[:SS[.ffffff]]` in canonical form `HH:MM:SS[.ffffff]`, else null. */
export function time(x) {
  if (typeof x !== "string") return null;
  if (x.length === 5 || x.length === 8) return clockAt(x, 0, x.length === 8) ? (x.length === 8 ? x : x + ":00") : null;
  const m = CLOCK.exec(x);
  if (m === null || Number(m[1]) > 23 || Number(m[2]) > 59 || Number(m[3] || 0) > 59) return null;
  const micro = (m[4] || "").padEnd(6, "0");
  return `${m[1]}:${m[2]}:${m[3] || "00"}` + (micro === "000000" ? "" : "." + micro);
}

/** Whether `HH:MM` (or `HH:MM:SS` when `long`) at `at` in `x` is a time of day, read as `time` reads it. */
function clockAt(x, at, long) {
  if (x.charCodeAt(at + 2) !== 58 || (long && x.charCodeAt(at + 5) !== 58)) return false;
  let h = 0;
  let m = 0;
  let s = 0;
  for (let i = 0; i < (long ? 8 : 5); i++) {
    if (i === 2 || i === 5) continue;
    const c = x.charCodeAt(at + i) - 48;
    if (!(c >= 0 && c <= 9)) return false;
    if (i < 2) h = h * 10 + c;
    else if (i < 5) m = m * 10 + c;
    else s = s * 10 + c;
  }
  return h <= 23 && m <= 59 && s <= 59;
}

/** A local date-time text `YYYY-MM-DDTHH:MM[:SS[.ffffff]]` in canonical form, else null. */
export function datetime(x) {
  if (typeof x !== "string" || x[10] !== "T") return null;
  if (x.length === 16 || x.length === 19) {  // the forms fields take, read in place
    const p = packedAt(x, 0);
    if (p < 0 || !inCalendar(p) || !clockAt(x, 11, x.length === 19)) return null;
    return x.length === 19 ? x : x + ":00";
  }
  const d = date(x.slice(0, 10));
  const t = time(x.slice(11));
  return d === null || t === null ? null : d + "T" + t;
}

/** Full years from a to b as a number (a 29 February counts as passed on 1 March in other years), or null. */
export function years_n(a, b) {
  const p = datePacked(a);
  const q = datePacked(b);
  if (p < 0 || q < 0) return null;
  return Math.floor(q / 10000) - Math.floor(p / 10000) - (q % 10000 < p % 10000 ? 1 : 0);
}

export function years_between(a, b) {
  const years = years_n(a, b);
  return years === null ? null : int(years);
}

export function age(birth, today) {
  return years_between(birth, today);
}

/** Days from a to b as a number, or null. */
export function days_n(a, b) {
  const p = datePacked(a);
  const q = datePacked(b);
  if (p < 0 || q < 0) return null;
  return dayNumber(q) - dayNumber(p);
}

export function days_between(a, b) {
  const days = days_n(a, b);
  return days === null ? null : int(days);
}

export function add_days(d, n) {
  const p = datePacked(d);
  if (p < 0 || !(n instanceof Dec) || n.s !== 0 || n.m > 4000000n || n.m < -4000000n) return null;
  const [y, m, day] = civilFromDays(dayNumber(p) + Number(n.m));
  if (y < 1 || y > 9999) return null;
  return `${pad(y, 4)}-${pad(m, 2)}-${pad(day, 2)}`;
}

/** The number of set entries of a list as a number (0 for anything else). */
export function count_n(values) {
  if (!Array.isArray(values)) return 0;
  let n = 0;
  for (const v of values) if (v != null) n += 1;
  return n;
}

export function count(values) {
  return int(count_n(values));
}

export function count_where(values, predicate) {
  if (!Array.isArray(values) || typeof predicate !== "function") return SMALL[0];
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v != null && predicate(v, int(i)) === true) n += 1;
  }
  return int(n);
}

export function some(values, predicate) {
  if (!Array.isArray(values) || typeof predicate !== "function") return false;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v != null && predicate(v, int(i)) === true) return true;
  }
  return false;
}

export function every(values, predicate) {
  if (!Array.isArray(values) || typeof predicate !== "function") return true;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v != null && predicate(v, int(i)) !== true) return false;
  }
  return true;
}

export function total(values) {
  let result = SMALL[0];
  if (Array.isArray(values)) for (const v of values) if (v != null) result = add(result, v);
  return result;
}

export function total_over(values, amount) {
  let result = SMALL[0];
  if (!Array.isArray(values) || typeof amount !== "function") return result;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v == null) continue;
    const x = amount(v, int(i));
    if (x != null) result = add(result, x);
  }
  return result;
}

function extreme(values, sign) {
  let best = null;
  for (const v of values) {
    if (v == null) continue;
    if (best === null) best = v;
    else {
      const c = order(v, best);
      if (c === null) return null;
      if (c === sign) best = v;
    }
  }
  return best;
}

function extremeOver(values, amount, sign) {
  if (!Array.isArray(values) || typeof amount !== "function") return null;
  let best = null;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v == null) continue;
    const x = amount(v, int(i));
    if (x == null) continue;
    if (best === null) best = x;
    else {
      const c = order(x, best);
      if (c === null) return null;
      if (c === sign) best = x;
    }
  }
  return best;
}

export function smallest_over(values, amount) {
  return extremeOver(values, amount, -1);
}

export function largest_over(values, amount) {
  return extremeOver(values, amount, 1);
}

export function smallest(values) {
  return Array.isArray(values) ? extreme(values, -1) : null;
}

export function largest(values) {
  return Array.isArray(values) ? extreme(values, 1) : null;
}

export function least(...values) {
  for (const v of values) if (v == null) return null;
  return extreme(values, -1);
}

export function greatest(...values) {
  for (const v of values) if (v == null) return null;
  return extreme(values, 1);
}

/** The number of code points of a text as a number (a lone surrogate counts as one, as in Python's len()), or null. */
export function length_n(s) {
  if (typeof s !== "string") return null;
  let n = s.length;
  for (let i = 0; i < s.length - 1; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n -= 1;
        i += 1;
      }
    }
  }
  return n;
}

export function length(s) {
  const n = length_n(s);
  return n === null ? null : int(n);
}

export function lower(s) {
  return typeof s === "string" ? s.toLowerCase() : null;
}

export function upper(s) {
  return typeof s === "string" ? s.toUpperCase() : null;
}

function isAsciiSpace(c) {
  return c === 32 || (c >= 9 && c <= 13);
}

/** s without leading and trailing ASCII whitespace (tab, line feed, vertical tab, form feed, carriage return, space). */
export function trim(s) {
  if (typeof s !== "string") return null;
  let start = 0;
  let end = s.length;
  while (start < end && isAsciiSpace(s.charCodeAt(start))) start += 1;
  while (end > start && isAsciiSpace(s.charCodeAt(end - 1))) end -= 1;
  return s.slice(start, end);
}

/** Whether the whole of s matches pattern (flags `su`: code points, `.` matches every character). */
export function matches(s, pattern) {
  if (typeof s !== "string") return null;
  let compiled = PATTERNS.get(pattern);
  if (compiled === undefined) {
    try {
      compiled = new RegExp("^(?:" + pattern + ")$", "su");
    } catch {
      compiled = null;
    }
    PATTERNS.set(pattern, compiled);
  }
  return compiled === null ? null : compiled.test(s);
}
