/** JSON text with bigint support (ns nonces exceed 2^53; Python reads them back as exact ints). */
import { randomUUID } from 'node:crypto';

/** A marker no input can guess, so a string value can never be mistaken for a bigint. */
const MARK = `\u0000${randomUUID()}:`;
const MARK_JSON = JSON.stringify(MARK).slice(1, -1);
const UNMARK = new RegExp(`"${MARK_JSON.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')}(-?\\d+)"`, 'g');

function replacer(_k: string, v: unknown): unknown {
  return typeof v === 'bigint' ? MARK + v.toString() : v;
}

/** `JSON.stringify`, except that bigints are written as plain JSON integers. */
export function toJson(value: unknown): string {
  const s = JSON.stringify(value, replacer) ?? 'null';
  return s.includes(MARK_JSON) ? s.replace(UNMARK, '$1') : s;
}
