import { Decimal } from 'decimal.js';

/**
 * A button's target as JSON text for the store, and back. Answers hold decimals (a figure's value) and buffers (a
 * chart's PNG); plain JSON would turn them into a string and an array of numbers, so they are tagged.
 */
export function encodeTarget(target: unknown): string {
  return JSON.stringify(target, function (this: Record<string, unknown>, key: string, value: unknown) {
    // the holder's value, before toJSON (Decimal and Buffer both have one)
    const raw = key === '' ? value : this[key];
    if (Decimal.isDecimal(raw)) return { $decimal: raw.toString() };
    if (Buffer.isBuffer(raw)) return { $base64: raw.toString('base64') };
    return value;
  });
}

const tagged = (v: object, tag: string): v is Record<string, string> =>
  Object.keys(v).length === 1 && typeof (v as Record<string, unknown>)[tag] === 'string';

export function decodeTarget<T>(text: string): T {
  return JSON.parse(text, (_key, value: unknown) => {
    if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
    if (tagged(value, '$decimal')) return new Decimal(value.$decimal);
    if (tagged(value, '$base64')) return Buffer.from(value.$base64, 'base64');
    return value;
  }) as T;
}
