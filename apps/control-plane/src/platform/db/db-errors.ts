const UNIQUE_VIOLATION = '23505';

/** True for a PostgreSQL unique-constraint violation, which services turn into a 409 naming the field. */
export function isUniqueViolation(error: unknown): boolean {
  return (error as { driverError?: { code?: unknown } } | null)?.driverError?.code === UNIQUE_VIOLATION;
}
