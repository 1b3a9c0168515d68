import type { ValidationError } from 'class-validator';
import { AppError, type FieldProblem } from './app-error.js';

/** Flattens class-validator's tree into dotted field paths (`deployments.0.weight`). */
export function fieldProblems(errors: readonly ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent === '' ? error.property : `${parent}.${error.property}`;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...fieldProblems(error.children ?? [], field)];
  });
}

/** The ValidationPipe's exceptionFactory: every DTO failure becomes one VALIDATION_FAILED error. */
export function validationFailed(errors: ValidationError[]): AppError {
  return AppError.validation(fieldProblems(errors));
}
