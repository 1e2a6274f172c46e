/**
 * SQL literals for statements sent with the simple query protocol, where several statements
 * travel in one round trip and bind parameters do not exist. Only values whose whole text is
 * checked against a strict shape are accepted; anything else throws TypeError, never SQL.
 */

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (value: string): boolean => uuidPattern.test(value);

/** A uuid as a quoted literal. */
export function uuidLiteral(value: string): string {
  if (!uuidPattern.test(value)) throw new TypeError('not a uuid');
  return `'${value.toLowerCase()}'`;
}

