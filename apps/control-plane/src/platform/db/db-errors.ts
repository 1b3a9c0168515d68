const UNIQUE_VIOLATION = '23505';

/** True for a PostgreSQL unique-constraint violation, which services turn into a 409 naming the field. */
export function isUniqueViolation(error: unknown): boolean {
  return (error as { driverError?: { code?: unknown } } | null)?.driverError?.code === UNIQUE_VIOLATION;
}

/** The name of the constraint or unique index a database error violated, when it says. */
export function violatedConstraint(error: unknown): string | undefined {
  const constraint = (error as { driverError?: { constraint?: unknown } } | null)?.driverError?.constraint;
  return typeof constraint === 'string' ? constraint : undefined;
}
