const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Only well-formed ids reach a uuid column: an id of any other shape cannot exist and is simply
 * not found (404), never a 500 from a failed cast.
 */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** class-transformer `@Transform` that trims strings and leaves anything else for the validators. */
export const trimString = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.trim() : value;
